from django.urls import path

from talkoot.conversations import views

app_name = "conversations"

_ONE = "c/<slug:slug>/conversations/<str:about>/<int:target_id>/"

urlpatterns = [
    path("c/<slug:slug>/conversations/", views.conversation_list, name="list"),
    path(_ONE, views.conversation, name="detail"),
    path(f"{_ONE}newer/", views.newer, name="newer"),
    path(f"{_ONE}messages/<int:message_id>/edit/", views.message_edit, name="edit"),
    path(f"{_ONE}messages/<int:message_id>/delete/", views.message_delete, name="delete"),
]

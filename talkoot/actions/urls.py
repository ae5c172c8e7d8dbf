from django.urls import path

from talkoot.actions import views

app_name = "actions"

urlpatterns = [
    path("c/<slug:slug>/actions/<int:action_id>/", views.action_detail, name="detail"),
]

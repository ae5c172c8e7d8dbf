from django.urls import path

from talkoot.contributions import views

app_name = "contributions"

urlpatterns = [
    path("c/<slug:slug>/contributions/new/", views.record, name="record"),
    path("c/<slug:slug>/contributions/<int:contribution_id>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/contributions/<int:contribution_id>/withdraw/", views.withdraw, name="withdraw"),
    path("c/<slug:slug>/contributions/<int:contribution_id>/thanks/", views.thanks, name="thanks"),
    path("c/<slug:slug>/people/<int:member_id>/", views.story, name="story"),
]

from django.urls import path

from talkoot.gatherings import views

app_name = "gatherings"

urlpatterns = [
    path("c/<slug:slug>/gatherings/", views.gathering_list, name="list"),
    path("c/<slug:slug>/gatherings/new/", views.gathering_start, name="start"),
    path("c/<slug:slug>/gatherings/times/<int:occurrence_id>/", views.time_detail, name="time"),
    path("c/<slug:slug>/gatherings/times/<int:occurrence_id>/answer/", views.time_answer, name="answer"),
    path("c/<slug:slug>/gatherings/times/<int:occurrence_id>/present/", views.time_present, name="present"),
    path("c/<slug:slug>/gatherings/times/<int:occurrence_id>/cancel/", views.time_cancel, name="cancel"),
]

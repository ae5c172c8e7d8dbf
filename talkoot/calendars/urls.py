from django.urls import path

from talkoot.calendars import views

app_name = "calendars"

urlpatterns = [
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("calendar/c/<str:token>.ics", views.community_feed, name="community_feed"),
    path("calendar/new-address/", views.personal_new_address, name="personal_new_address"),
    path("c/<slug:slug>/calendar/", views.community_calendar, name="community"),
    path("c/<slug:slug>/calendar/new-address/", views.community_new_address, name="community_new_address"),
]

from django.urls import path

from talkoot.members import views

app_name = "members"

urlpatterns = [
    path("signup/", views.placeholder, name="signup"),
    path("login/", views.placeholder, name="login"),
    path("logout/", views.placeholder, name="logout"),
    path("me/", views.placeholder, name="profile"),
    path("settings/", views.placeholder, name="settings"),
]

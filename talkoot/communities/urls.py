from django.urls import path

from talkoot.communities import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.directory, name="directory"),
]

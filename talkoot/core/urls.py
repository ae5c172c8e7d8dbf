from django.urls import path

from talkoot.communities.views import home
from talkoot.core import views

app_name = "core"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.set_language, name="set_language"),
    path("text-size/", views.set_text_size, name="set_text_size"),
]

from django.urls import path

from talkoot.api import views

app_name = "api_tokens"

urlpatterns = [
    path("settings/tokens/", views.tokens, name="list"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
]

from django.urls import path

from talkoot.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.instance_insights, name="instance"),
    path("insights/refresh/", views.instance_insights_refresh, name="instance_refresh"),
    path("c/<slug:slug>/insights/", views.community_insights, name="community"),
    path("c/<slug:slug>/insights/refresh/", views.community_insights_refresh, name="community_refresh"),
]

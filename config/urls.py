from django.conf import settings
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("talkoot.core.urls")),
    path("", include("talkoot.members.urls")),
    path("", include("talkoot.communities.urls")),
    path("", include("talkoot.actions.urls")),
    path("", include("talkoot.gatherings.urls")),
    path("", include("talkoot.rotas.urls")),
    path("", include("talkoot.kiosk.urls")),
    path("", include("talkoot.contributions.urls")),
    path("", include("talkoot.proposals.urls")),
    path("", include("talkoot.companions.urls")),
    path("", include("talkoot.reports.urls")),
    path("", include("talkoot.calendars.urls")),
    path("", include("talkoot.notifications.urls")),
    path("", include("talkoot.conversations.urls")),
    path("", include("talkoot.insights.urls")),
    path("", include("talkoot.api.urls")),
    path("api/v1/", api.urls),
]

if "django.contrib.admin" in settings.INSTALLED_APPS:
    from django.contrib import admin

    urlpatterns.append(path("admin/", admin.site.urls))

handler404 = "talkoot.core.errors_views.not_found"
handler500 = "talkoot.core.errors_views.server_error"
handler403 = "talkoot.core.errors_views.forbidden"
handler400 = "talkoot.core.errors_views.bad_request"

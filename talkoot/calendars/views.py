"""Calendar feeds and their addresses. Thin adapters over selectors and services.

The feeds answer without a session: calendar programs fetch them without cookies, and the
token in the address is the whole key. Never log it.
"""

import zoneinfo
from datetime import tzinfo

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from talkoot.calendars import selectors, services
from talkoot.calendars.ical import FeedEvent, build_calendar, uid_host
from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import community_for
from talkoot.core.http import login_first

# Short, as the feed changes whenever a task does; private, so no shared cache keeps what a
# secret address answered.
FEED_MAX_AGE = 15 * 60


def _ics(events: list[FeedEvent], *, name: str, time_zone: tzinfo, language: str) -> HttpResponse:
    calendar = build_calendar(events, name=name, time_zone=time_zone, host=uid_host(settings.SITE_URL))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="talkoot.ics"'
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    return response


@require_safe
def personal_feed(request, token: str):
    member = selectors.feed_member(token)
    events = selectors.in_time_order(
        selectors.feed_events(selectors.personal_feed_tasks(member)),
        selectors.time_events(selectors.personal_feed_times(member)),
    )
    time_zone = selectors.feed_time_zone(member.time_zone)
    language = member.language or settings.LANGUAGE_CODE
    with translation.override(language):
        return _ics(events, name=_("talkoot: my tasks and gatherings"), time_zone=time_zone, language=language)


@require_safe
def community_feed(request, token: str):
    community = selectors.feed_community(token)
    events = selectors.in_time_order(
        selectors.feed_events(selectors.community_feed_tasks(community)),
        selectors.time_events(selectors.community_feed_times(community)),
    )
    # A community has no language of its own: its feed speaks the site's default one.
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        name = _("talkoot: public tasks and gatherings of %(community)s") % {"community": community.name}
        return _ics(events, name=name, time_zone=zoneinfo.ZoneInfo(settings.TIME_ZONE), language=language)


@require_POST
def personal_new_address(request):
    settings_url = reverse("members:settings")
    if not request.user.is_authenticated:
        return login_first(request, settings_url)
    services.calendar_token_regenerate(member=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect(f"{settings_url}#calendar")


def _community_of_member(request, slug):
    """The community, for its members only: everyone else gets the 404 of a missing community."""
    community = community_for(request.user, slug)
    if not viewer_is_member(request.user, community):
        raise Http404("No such community.")
    return community


@require_safe
def community_calendar(request, slug):
    community = _community_of_member(request, slug)
    context = {"community": community, "feed_url": selectors.existing_feed_url(community=community)}
    return render(request, "calendars/community.html", context)


@require_POST
def community_new_address(request, slug):
    community = _community_of_member(request, slug)
    # Any member may: the address only reads public tasks, and a member who fears it has
    # spread too far should not have to wait for a steward.
    services.calendar_token_regenerate(community=community)
    messages.success(request, _("The community's calendar has a new address. The old one no longer works."))
    return redirect("calendars:community", slug=community.slug)

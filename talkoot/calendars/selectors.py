"""Reads for calendar feeds: the one door from a token to its feed, and the tasks and the times of
gatherings each feed shows.

A feed costs the same few queries whatever the number of tasks: one for the token with its
owner, one for the tasks with their actions and communities, one for the gatherings' times.
"""

import re
import zoneinfo
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import ActionParticipant, ActionVisibility, Claim, ClaimStatus, Task
from talkoot.calendars.ical import FeedEvent
from talkoot.calendars.models import TOKEN_MAX_LENGTH, CalendarToken
from talkoot.communities.models import Community, Membership
from talkoot.core.links import IdUrl
from talkoot.gatherings.models import Answer, Attendance, Occurrence
from talkoot.members.models import Member

# Calendar programs keep what they have fetched; older tasks need not come again.
FEED_PAST_DAYS = 60

# What services.calendar_token_regenerate makes (secrets.token_urlsafe); anything else is
# answered without asking the database.
_TOKEN_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{20,{TOKEN_MAX_LENGTH}}}")


class FeedKind(StrEnum):
    MEMBER = "member"
    COMMUNITY = "community"


def feed_for_token(token: str, *, kind: FeedKind) -> CalendarToken:
    """The live token of a member's or a community's feed, with its owner, else Http404.

    A wrong token, an old one (a new address was made) and one of the other kind answer the
    same 404. A deleted or deactivated member's feed is gone too.
    """
    if not _TOKEN_SHAPE.fullmatch(token):
        raise Http404("No such calendar.")
    tokens = CalendarToken.objects.filter(token=token)
    if kind == FeedKind.MEMBER:
        tokens = tokens.filter(member__is_active=True, member__deleted_at__isnull=True).select_related("member")
    else:
        tokens = tokens.filter(community__isnull=False).select_related("community")
    found = tokens.first()
    if found is None:
        raise Http404("No such calendar.")
    return found


def feed_member(token: str) -> Member:
    """The member whose personal feed `token` opens, else Http404 (see `feed_for_token`)."""
    member = feed_for_token(token, kind=FeedKind.MEMBER).member
    if member is None:
        raise Http404("No such calendar.")
    return member


def feed_community(token: str) -> Community:
    """The community whose feed of public tasks `token` opens, else Http404 (see `feed_for_token`)."""
    community = feed_for_token(token, kind=FeedKind.COMMUNITY).community
    if community is None:
        raise Http404("No such calendar.")
    return community


def existing_feed_url(*, member=None, community=None) -> str:
    """The owner's feed address, or "" before they have asked for one (a page's GET makes none)."""
    owner = {"member": member} if member is not None else {"community": community}
    calendar_token = CalendarToken.objects.filter(**owner).first()
    return feed_url(calendar_token) if calendar_token else ""


def feed_url(calendar_token: CalendarToken) -> str:
    """The feed's absolute address, to copy into a calendar program."""
    name = "calendars:personal_feed" if calendar_token.member_id else "calendars:community_feed"
    return settings.SITE_URL + reverse(name, kwargs={"token": calendar_token.token})


def _dated_tasks(now: datetime | None) -> QuerySet[Task]:
    """Tasks a calendar can place (a start or a deadline) from FEED_PAST_DAYS ago on, hidden ones left out."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    timed = Q(starts_at__isnull=False) & (Q(starts_at__gte=since) | Q(ends_at__gte=since))
    deadline_only = Q(starts_at__isnull=True, deadline__gte=since)
    return Task.objects.filter(timed | deadline_only, hidden_at__isnull=True, action__hidden_at__isnull=True)


def personal_feed_tasks(member: Member, *, now: datetime | None = None) -> QuerySet[Task]:
    """The tasks the member has claimed (and not withdrawn) and the tasks of the actions they take
    part in, each once, in the communities they belong to now: someone who has left a community
    no longer reads its tasks through a calendar."""
    claimed = Claim.objects.filter(
        task=OuterRef("pk"), member=member, status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE]
    )
    taking_part = ActionParticipant.objects.filter(action=OuterRef("action_id"), member=member)
    member_here = Membership.objects.active().filter(community=OuterRef("action__community_id"), member=member)
    return _dated_tasks(now).filter(Exists(claimed) | Exists(taking_part), Exists(member_here))


def community_feed_tasks(community: Community, *, now: datetime | None = None) -> QuerySet[Task]:
    """The tasks of the community's public actions."""
    return _dated_tasks(now).filter(action__community=community, action__visibility=ActionVisibility.PUBLIC)


def feed_events(tasks: QuerySet[Task]) -> list[FeedEvent]:
    """The tasks as feed rows, in time order, in one query."""
    rows = tasks.order_by(Coalesce("starts_at", "deadline"), "pk").values(
        "pk",
        "title",
        "place",
        "starts_at",
        "ends_at",
        "deadline",
        "effort_minutes",
        "cancelled_at",
        "updated_at",
        "action_id",
        "action__title",
        "action__place",
        "action__community__slug",
    )
    action_urls: dict[str, IdUrl] = {}  # one `reverse` per community, not per task
    events = []
    for row in rows:
        slug = row["action__community__slug"]
        action_url = action_urls.get(slug) or action_urls.setdefault(slug, IdUrl("actions:detail", slug))
        events.append(
            FeedEvent(
                event_id=row["pk"],
                title=row["title"],
                action_title=row["action__title"],
                url=f"{settings.SITE_URL}{action_url(row['action_id'])}#task-{row['pk']}",
                place=row["place"] or row["action__place"],
                starts_at=row["starts_at"],
                ends_at=row["ends_at"],
                deadline=row["deadline"],
                effort_minutes=row["effort_minutes"],
                cancelled=row["cancelled_at"] is not None,
                updated_at=row["updated_at"],
            )
        )
    return events


def _shown_times(now: datetime | None) -> QuerySet[Occurrence]:
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return Occurrence.objects.filter(ends_at__gte=since, gathering__action__hidden_at__isnull=True)


def personal_feed_times(member: Member, *, now: datetime | None = None) -> QuerySet[Occurrence]:
    """The times of gatherings the member answered "coming" or "maybe" to, in the communities they
    belong to now."""
    answered = Attendance.objects.filter(
        occurrence=OuterRef("pk"), member=member, answer__in=[Answer.COMING, Answer.MAYBE]
    )
    member_here = Membership.objects.active().filter(
        community=OuterRef("gathering__action__community_id"), member=member
    )
    return _shown_times(now).filter(Exists(answered), Exists(member_here))


def community_feed_times(community: Community, *, now: datetime | None = None) -> QuerySet[Occurrence]:
    """The times of the community's public gatherings."""
    return _shown_times(now).filter(
        gathering__action__community=community, gathering__action__visibility=ActionVisibility.PUBLIC
    )


def time_events(times: QuerySet[Occurrence]) -> list[FeedEvent]:
    """The times of gatherings as feed rows, in time order, in one query."""
    rows = times.order_by("starts_at", "pk").values(
        "pk",
        "starts_at",
        "ends_at",
        "cancelled_at",
        "updated_at",
        "gathering__duration_minutes",
        "gathering__action__title",
        "gathering__action__place",
        "gathering__action__community__slug",
    )
    time_urls: dict[str, IdUrl] = {}
    events = []
    for row in rows:
        slug = row["gathering__action__community__slug"]
        time_url = time_urls.get(slug) or time_urls.setdefault(slug, IdUrl("gatherings:time", slug))
        events.append(
            FeedEvent(
                event_id=row["pk"],
                kind="gathering",
                title=row["gathering__action__title"],
                action_title=row["gathering__action__title"],
                url=f"{settings.SITE_URL}{time_url(row['pk'])}",
                place=row["gathering__action__place"],
                starts_at=row["starts_at"],
                ends_at=row["ends_at"],
                deadline=None,
                effort_minutes=row["gathering__duration_minutes"],
                cancelled=row["cancelled_at"] is not None,
                updated_at=row["updated_at"],
            )
        )
    return events


def in_time_order(*feeds: list[FeedEvent]) -> list[FeedEvent]:
    return sorted((event for feed in feeds for event in feed), key=_when)


def _when(event: FeedEvent) -> datetime:
    moment = event.starts_at or event.deadline
    assert moment is not None, "feed events have a start or a deadline"  # noqa: S101 - the feeds' filters
    return moment


def feed_time_zone(name: str) -> tzinfo:
    """The member's time zone for their feed; the site's when the name is unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

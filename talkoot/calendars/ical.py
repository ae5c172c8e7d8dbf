"""The iCalendar (RFC 5545) text of a feed, from plain rows: no database, no requests.

Each task, and each time of a gathering, is one VEVENT whose UID depends on it alone, so a calendar program updates the
event it has instead of adding a second one, whatever address it fetched the feed from. Times
are written in the feed's time zone with its VTIMEZONE (UTC ones as "Z" times), so programs
that show the event in another zone still place it right.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//talkoot//calendar feed//EN"
# Calendar programs that honour it fetch the feed again after this long.
REFRESH_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class FeedEvent:
    """One task (or one time of a gathering, `kind` "gathering") as the feed shows it. Only tasks
    with `starts_at` or `deadline` are feed events."""

    event_id: int
    title: str
    action_title: str
    url: str  # absolute: the task on its action's page
    place: str  # the task's place, else its action's, else ""
    starts_at: datetime | None
    ends_at: datetime | None
    deadline: datetime | None
    effort_minutes: int
    cancelled: bool
    updated_at: datetime
    kind: str = "task"


def uid_host(site_url: str) -> str:
    """The host part of every UID: the site's host name, or "talkoot" without one."""
    return urlsplit(site_url).hostname or "talkoot"


def event_uid(event_id: int, host: str, kind: str = "task") -> str:
    return f"{kind}-{event_id}@{host}"


def _span(event: FeedEvent) -> tuple[datetime, datetime | None]:
    """When the event starts and ends. A deadline is a moment: no end, which RFC 5545 reads as
    lasting no time at all (3.6.1)."""
    if event.starts_at is not None:
        return event.starts_at, event.ends_at or event.starts_at + timedelta(minutes=event.effort_minutes)
    if event.deadline is None:
        raise ValueError(f"{event.kind} {event.event_id} has neither a start nor a deadline")
    return event.deadline, None


def _summary(event: FeedEvent) -> str:
    summary = event.title
    if event.starts_at is None:
        summary = _("Deadline: %(title)s") % {"title": summary}
    if event.cancelled:
        # STATUS:CANCELLED alone is not shown by every calendar program.
        summary = _("Cancelled: %(title)s") % {"title": summary}
    return summary


def build_calendar(events: Iterable[FeedEvent], *, name: str, time_zone: tzinfo, host: str) -> Calendar:
    """The feed as an icalendar `Calendar`; `name` is shown by calendar programs as its title.

    Call with the feed's language active: the words added to summaries and descriptions are
    translated here.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    days: list[date] = []
    for event in events:
        start, end = _span(event)
        vevent = Event()
        vevent.add("uid", event_uid(event.event_id, host, event.kind))
        # Without METHOD, DTSTAMP is when the event was last changed (RFC 5545 3.8.7.2), not when
        # the feed was fetched: the same task gives the same text on every fetch.
        vevent.add("dtstamp", event.updated_at.astimezone(UTC))
        vevent.add("last-modified", event.updated_at.astimezone(UTC))
        vevent.add("dtstart", start.astimezone(time_zone))
        if end is not None:
            vevent.add("dtend", end.astimezone(time_zone))
        vevent.add("summary", _summary(event))
        description = _("Part of: %(action)s") % {"action": event.action_title}
        vevent.add("description", f"{description}\n{event.url}")
        if event.place:
            vevent.add("location", event.place)
        vevent.add("url", event.url)
        vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        calendar.add_component(vevent)
        days += [start.astimezone(time_zone).date(), (end or start).astimezone(time_zone).date()]
    if days:
        # Only the years the events fall in: a VTIMEZONE from 1970 on would be most of the feed.
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=1), last_date=max(days) + timedelta(days=1)
        )
    return calendar

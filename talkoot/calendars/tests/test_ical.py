"""The feed's iCalendar text from plain rows, without a database."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from talkoot.calendars.ical import FeedEvent, build_calendar, event_uid, uid_host

HELSINKI = ZoneInfo("Europe/Helsinki")
CHANGED = datetime(2026, 4, 1, 8, 30, tzinfo=UTC)

SHOPPING = FeedEvent(
    event_id=7,
    title="Carry the Tuesday shopping",
    action_title="Help Aino with the shopping",
    url="https://talkoot.example.org/c/kallio/actions/3/#task-7",
    place="Kallio library, Viides linja 11",
    starts_at=datetime(2026, 5, 5, 7, 0, tzinfo=UTC),  # 10:00 in Helsinki (summer time)
    ends_at=None,
    deadline=None,
    effort_minutes=45,
    cancelled=False,
    updated_at=CHANGED,
)


def _parsed(*events: FeedEvent, time_zone=HELSINKI) -> Calendar:
    calendar = build_calendar(list(events), name="talkoot: my tasks", time_zone=time_zone, host="talkoot.example.org")
    return Calendar.from_ical(calendar.to_ical())


def test_uid_host_is_the_site_host_or_talkoot():
    assert uid_host("https://talkoot.example.org") == "talkoot.example.org"
    assert uid_host("http://127.0.0.1:8000") == "127.0.0.1"
    assert uid_host("") == "talkoot"


def test_timed_task_is_an_event_in_helsinki_time_with_its_timezone():
    calendar = _parsed(SHOPPING)
    [event] = calendar.events
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "talkoot: my tasks"
    assert str(event["UID"]) == "task-7@talkoot.example.org" == event_uid(7, "talkoot.example.org")
    assert event["SUMMARY"] == "Carry the Tuesday shopping"
    assert event.start == datetime(2026, 5, 5, 10, 0, tzinfo=HELSINKI)
    assert event.end == datetime(2026, 5, 5, 10, 45, tzinfo=HELSINKI)  # start + effort
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Helsinki"]
    assert event["LOCATION"] == "Kallio library, Viides linja 11"
    assert event["URL"] == SHOPPING.url
    assert event["DESCRIPTION"] == f"Part of: Help Aino with the shopping\n{SHOPPING.url}"
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTAMP"].dt == CHANGED


def test_the_end_of_a_task_is_its_ends_at_when_it_has_one():
    ends_at = datetime(2026, 5, 5, 9, 0, tzinfo=UTC)
    [event] = _parsed(replace(SHOPPING, ends_at=ends_at)).events
    assert event.end == ends_at


def test_deadline_only_task_is_a_moment_called_deadline():
    deadline = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    [event] = _parsed(replace(SHOPPING, starts_at=None, deadline=deadline)).events
    assert event["SUMMARY"] == "Deadline: Carry the Tuesday shopping"
    assert event.start == deadline
    assert "DTEND" not in event and "DURATION" not in event  # RFC 5545 3.6.1: lasts no time
    assert event.duration == timedelta(0)


def test_cancelled_task_says_so_in_status_and_summary():
    [event] = _parsed(replace(SHOPPING, cancelled=True)).events
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Cancelled: Carry the Tuesday shopping"


def test_text_with_commas_semicolons_and_new_lines_survives():
    title = "Rake leaves; then coffee, buns\nand a chat"
    [event] = _parsed(replace(SHOPPING, title=title, place="")).events
    assert event["SUMMARY"] == title
    assert "LOCATION" not in event


def test_utc_feed_uses_z_times_and_no_timezone():
    calendar = _parsed(SHOPPING, time_zone=ZoneInfo("UTC"))
    assert b"DTSTART:20260505T070000Z" in calendar.to_ical()
    assert calendar.timezones == []


def test_same_rows_give_the_same_text():
    """A calendar program sees no change unless a task changed."""

    def build() -> bytes:
        return build_calendar([SHOPPING], name="x", time_zone=HELSINKI, host="h").to_ical()

    assert build() == build()


def test_timezone_covers_only_the_dates_of_the_events():
    later = replace(SHOPPING, event_id=8, starts_at=datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
    [helsinki] = _parsed(SHOPPING, later).timezones
    assert helsinki.to_ical().count(b"BEGIN:DAYLIGHT") == 1
    assert b"1970" not in helsinki.to_ical()


def test_empty_feed_is_a_valid_calendar():
    calendar = _parsed()
    assert calendar.events == [] and calendar.timezones == []
    assert calendar["PRODID"]


def test_task_without_dates_is_refused():
    with pytest.raises(ValueError, match="neither a start nor a deadline"):
        build_calendar([replace(SHOPPING, starts_at=None)], name="x", time_zone=HELSINKI, host="h")


def test_deadline_day_is_in_the_feed_zone():
    late = replace(SHOPPING, starts_at=None, deadline=datetime(2026, 6, 1, 22, 30, tzinfo=UTC))
    [event] = _parsed(late).events
    assert event.start.date() == date(2026, 6, 2)  # 01:30 in Helsinki

"""Calendar feeds as a calendar program fetches them, and their addresses as members see them."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from talkoot.actions.models import ActionParticipant, ActionVisibility, ClaimStatus
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.calendars.models import CalendarToken
from talkoot.calendars.selectors import feed_url
from talkoot.calendars.services import calendar_token_for, calendar_token_regenerate
from talkoot.communities.models import Membership
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SOON = timedelta(days=2)


def _path(url: str) -> str:
    """The feed address without the site's part (SITE_URL), for the test client."""
    return urlsplit(url).path


def _fetch(url: str):
    """As a calendar program fetches: no cookies, no session."""
    return Client().get(_path(url))


def _feed(url: str) -> Calendar:
    response = _fetch(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def _summaries(calendar: Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in calendar.events}


def _claimed(member, action, title, *, status=ClaimStatus.ACTIVE, **task):
    task.setdefault("starts_at", timezone.now() + SOON)
    claimed = TaskFactory(action=action, title=title, taken=1 if status == ClaimStatus.ACTIVE else 0, **task)
    ClaimFactory(task=claimed, member=member, status=status)
    return claimed


@pytest.fixture
def personal_url(member) -> str:
    return feed_url(calendar_token_for(member=member))


@pytest.fixture
def community_url(community) -> str:
    return feed_url(calendar_token_for(community=community))


# --- The personal feed ----------------------------------------------------------------------------


def test_personal_feed_lists_claimed_tasks_and_tasks_of_actions_taken_part_in(member, steward, community, personal_url):
    now = timezone.now()
    errands = ActionFactory(community=community, title="Errands")
    _claimed(member, errands, "Carry the shopping")
    _claimed(member, errands, "Fetch the medicine", status=ClaimStatus.DONE, starts_at=now - timedelta(days=3))
    _claimed(member, errands, "Walk the dog", status=ClaimStatus.WITHDRAWN)
    _claimed(member, errands, "Post the letters", starts_at=None, deadline=now + SOON)
    _claimed(member, errands, "Undated chore", starts_at=None)
    _claimed(member, errands, "Long ago", starts_at=now - timedelta(days=90))
    _claimed(member, errands, "Hidden task", hidden_at=now)
    _claimed(member, ActionFactory(community=community, hidden_at=now), "Task of a hidden action")
    _claimed(steward, errands, "Someone else's task")
    garden = ActionFactory(community=community, title="Garden")
    ActionParticipant.objects.create(action=garden, member=member)
    TaskFactory(action=garden, title="Rake the leaves", starts_at=now + SOON)
    _claimed(member, garden, "Plant the bulbs")  # claimed and taking part: still once

    calendar = _feed(personal_url)

    assert sorted(str(event["SUMMARY"]) for event in calendar.events) == [
        "Carry the shopping",
        "Deadline: Post the letters",
        "Fetch the medicine",
        "Plant the bulbs",
        "Rake the leaves",
    ]


def test_cancelled_task_is_marked_cancelled(member, community, personal_url):
    action = ActionFactory(community=community)
    _claimed(member, action, "Coffee morning", cancelled_at=timezone.now())
    _claimed(member, action, "Book club")
    status = {str(event["SUMMARY"]): str(event["STATUS"]) for event in _feed(personal_url).events}
    assert status == {"Cancelled: Coffee morning": "CANCELLED", "Book club": "CONFIRMED"}


def test_event_carries_time_zone_place_and_the_task_page(member, community, personal_url):
    action = ActionFactory(community=community, title="Errands", place="Kallio")
    task = _claimed(member, action, "Carry the shopping")
    calendar = _feed(personal_url)
    [event] = calendar.events
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Helsinki"]
    starts_at = task.starts_at.replace(microsecond=0)  # iCalendar counts in whole seconds
    assert event.start == starts_at
    assert event.end == starts_at + timedelta(minutes=task.effort_minutes)
    assert event["LOCATION"] == "Kallio"  # the action's, as the task has none
    page = f"http://127.0.0.1:8000/c/{community.slug}/actions/{action.pk}/#task-{task.pk}"
    assert event["URL"] == page
    assert str(event["DESCRIPTION"]) == f"Part of: Errands\n{page}"


def test_uid_stays_the_same_across_fetches_and_new_addresses(member, community, personal_url):
    task = _claimed(member, ActionFactory(community=community), "Carry the shopping")
    first = [str(event["UID"]) for event in _feed(personal_url).events]
    again = [str(event["UID"]) for event in _feed(personal_url).events]
    renewed = [str(event["UID"]) for event in _feed(feed_url(calendar_token_regenerate(member=member))).events]
    assert first == again == renewed == [f"task-{task.pk}@127.0.0.1"]


def test_feed_response_is_an_inline_private_calendar_file(personal_url):
    response = _fetch(personal_url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="talkoot.ics"'
    assert "private" in response["Cache-Control"]
    assert "max-age=900" in response["Cache-Control"]
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert "Set-Cookie" not in response


def test_feed_answers_safe_methods_only(personal_url):
    assert Client().head(_path(personal_url)).status_code == 200
    assert Client().post(_path(personal_url)).status_code == 405


def test_feed_speaks_the_members_language(member, personal_url):
    member.language = "fi"
    member.save(update_fields=["language"])
    assert _fetch(personal_url)["Content-Language"] == "fi"


def test_old_address_answers_404_after_a_new_one_is_made(member, personal_url):
    calendar_token_regenerate(member=member)
    assert _fetch(personal_url).status_code == 404


def test_wrong_token_answers_the_same_404_as_an_old_one(member, personal_url):
    calendar_token_regenerate(member=member)
    old = _fetch(personal_url)
    wrong = Client().get(reverse("calendars:personal_feed", args=["x" * 43]))
    short = Client().get(reverse("calendars:personal_feed", args=["nope"]))
    assert old.status_code == wrong.status_code == short.status_code == 404
    assert _normalised(old) == _normalised(wrong) == _normalised(short)


def _normalised(response) -> str:
    """The page without what differs on every response anyway: its address, CSRF token and CSP nonce."""
    html = response.content.decode().replace(response.wsgi_request.path, "PATH")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_member_token_does_not_open_a_community_feed(member):
    token = calendar_token_for(member=member).token
    assert Client().get(reverse("calendars:community_feed", args=[token])).status_code == 404


def test_deleted_members_feed_is_gone(member, personal_url):
    member.is_active = False
    member.deleted_at = timezone.now()
    member.save(update_fields=["is_active", "deleted_at"])
    assert _fetch(personal_url).status_code == 404


def test_member_who_left_no_longer_reads_the_communitys_tasks(member, community, personal_url):
    _claimed(member, ActionFactory(community=community), "Carry the shopping")
    Membership.objects.filter(member=member, community=community).update(left_at=timezone.now())
    assert _feed(personal_url).events == []


def _queries(url: str) -> int:
    assert connection.features.supports_json_field  # asked once per connection: not the feed's query
    with CaptureQueriesContext(connection) as captured:
        assert _fetch(url).status_code == 200
    return len(captured.captured_queries)


def test_personal_feed_runs_the_same_queries_for_2_and_for_20_tasks(member, community, personal_url):
    def add(count: int) -> None:
        for number in range(count):
            action = ActionFactory(community=community, place=f"Place {number}")
            _claimed(member, action, f"Task {number}", deadline=timezone.now() + SOON)
            ActionParticipant.objects.create(action=action, member=member)
            TaskFactory(action=action, starts_at=timezone.now() + SOON)

    add(1)
    with_2 = _queries(personal_url)
    add(9)
    with_20 = _queries(personal_url)
    assert len(_feed(personal_url).events) == 20
    assert with_2 == with_20 <= 3  # the token, the tasks, the gatherings' times


def test_personal_feed_has_the_gatherings_answered_coming_or_maybe(member, steward, community, personal_url):
    from talkoot.gatherings.models import Answer, Attendance
    from talkoot.gatherings.tests.factories import OccurrenceFactory

    answers = {"Coffee morning": Answer.COMING, "Chair exercise": Answer.MAYBE, "Bingo": Answer.NOT_COMING}
    times = {}
    for title, answer in answers.items():
        times[title] = OccurrenceFactory(gathering__action__community=community, gathering__action__title=title)
        Attendance.objects.create(occurrence=times[title], member=member, answer=answer, answered_at=timezone.now())
    OccurrenceFactory(gathering__action__community=community, gathering__action__title="Not answered")
    calendar = _feed(personal_url)
    assert _summaries(calendar) == {"Coffee morning", "Chair exercise"}
    uids = {str(event["UID"]) for event in calendar.events}
    assert any(uid.startswith(f"gathering-{times['Coffee morning'].pk}@") for uid in uids)
    event = next(e for e in calendar.events if str(e["SUMMARY"]) == "Coffee morning")
    assert str(event["URL"]).endswith(f"/gatherings/times/{times['Coffee morning'].pk}/")


# --- The community feed ---------------------------------------------------------------------------


def test_community_feed_lists_only_the_tasks_of_its_public_actions(community, community_url):
    soon = timezone.now() + SOON
    TaskFactory(
        action=ActionFactory(community=community, visibility=ActionVisibility.PUBLIC), title="Open", starts_at=soon
    )
    TaskFactory(action=ActionFactory(community=community), title="Members only", starts_at=soon)
    elsewhere = ActionFactory(community=CommunityFactory(), visibility=ActionVisibility.PUBLIC)
    TaskFactory(action=elsewhere, title="Another community's", starts_at=soon)
    calendar = _feed(community_url)
    assert _summaries(calendar) == {"Open"}
    assert calendar["X-WR-CALNAME"] == "talkoot: public tasks and gatherings of Kallio Seniors Together"


def test_community_feed_runs_the_same_queries_for_1_and_for_10_tasks(community, community_url):
    def add(count: int) -> None:
        for _number in range(count):
            action = ActionFactory(community=community, visibility=ActionVisibility.PUBLIC)
            TaskFactory(action=action, starts_at=timezone.now() + SOON)

    add(1)
    with_1 = _queries(community_url)
    add(9)
    assert _queries(community_url) == with_1 <= 3


# --- Addresses on the settings page ---------------------------------------------------------------


def test_settings_page_offers_an_address_then_shows_it_to_copy(member, client_for):
    client = client_for(member)
    first = client.get(reverse("members:settings")).content.decode()
    assert "Make my calendar address" in first and not CalendarToken.objects.exists()  # looking makes none

    client.post(reverse("calendars:personal_new_address"))

    page = client.get(reverse("members:settings")).content.decode()
    url = feed_url(CalendarToken.objects.get(member=member))
    assert f'value="{url}" readonly' in page
    assert '<label for="calendar-address">' in page


def test_making_a_new_personal_address_retires_the_old_one(member, client_for, personal_url):
    client = client_for(member)
    response = client.post(reverse("calendars:personal_new_address"))
    assert response.status_code == 302
    assert response["Location"] == reverse("members:settings") + "#calendar"
    page = client.get(response["Location"]).content.decode()
    assert "Your calendar has a new address." in page
    new_url = feed_url(CalendarToken.objects.get(member=member))
    assert new_url != personal_url and new_url in page
    assert _fetch(personal_url).status_code == 404
    assert _fetch(new_url).status_code == 200


def test_new_address_needs_the_csrf_token(member, client_for, personal_url):
    response = client_for(member, enforce_csrf_checks=True).post(reverse("calendars:personal_new_address"))
    assert response.status_code == 403
    assert _fetch(personal_url).status_code == 200


def test_anonymous_is_asked_to_log_in_before_a_new_address(anonymous, client_for):
    response = client_for(anonymous).post(reverse("calendars:personal_new_address"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))
    assert not CalendarToken.objects.exists()


# --- The community's address ----------------------------------------------------------------------


def test_community_page_links_members_to_the_calendar_address(member, community, client_for):
    page = client_for(member).get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert reverse("calendars:community", args=[community.slug]) in page


def test_community_page_gives_no_calendar_to_a_visitor_of_a_public_community(newcomer, client_for):
    public = CommunityFactory()
    MembershipFactory(community=public)
    page = client_for(newcomer).get(reverse("communities:detail", args=[public.slug])).content.decode()
    assert reverse("calendars:community", args=[public.slug]) not in page
    assert client_for(newcomer).get(reverse("calendars:community", args=[public.slug])).status_code == 404


def test_member_sees_and_renews_the_community_address(member, community, client_for, community_url):
    client = client_for(member)
    page = client.get(reverse("calendars:community", args=[community.slug])).content.decode()
    assert f'value="{community_url}" readonly' in page
    response = client.post(reverse("calendars:community_new_address", args=[community.slug]))
    assert response["Location"] == reverse("calendars:community", args=[community.slug])
    assert "The community&#x27;s calendar has a new address." in client.get(response["Location"]).content.decode()
    assert _fetch(community_url).status_code == 404


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
def test_outsider_and_anonymous_cannot_renew_a_private_communitys_address(
    persona_name, request, community, client_for, community_url
):
    client = client_for(request.getfixturevalue(persona_name))
    response = client.post(reverse("calendars:community_new_address", args=[community.slug]))
    assert response.status_code == 404
    assert _fetch(community_url).status_code == 200

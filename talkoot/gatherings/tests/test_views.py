"""Gathering pages as members, visitors and outsiders use them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import ActionVisibility
from talkoot.communities.models import Visibility
from talkoot.gatherings.models import Answer, Attendance, Gathering
from talkoot.gatherings.tests.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    day = timezone.localdate() + timedelta(days=5)
    return {
        "title": "Chair exercise on the TV",
        "first_date": day.isoformat(),
        "time_of_day": "10:00",
        "duration_minutes": "45",
        "frequency": "weekly",
        "weekdays": ["TU"],
        "weeks_ahead": "4",
        "capacity": "8",
        "video_url": "https://meet.example.org/chair",
        "hosting": "Lead the exercise\nBring coffee\n",
        "visibility": ActionVisibility.COMMUNITY,
    } | overrides


def test_a_member_starts_a_weekly_gathering_and_lands_on_its_first_time(member, community, client_for):
    client = client_for(member)
    response = client.post(reverse("gatherings:start", args=[community.slug]), form_data())
    gathering = Gathering.objects.get()
    first = gathering.occurrences.order_by("starts_at").first()
    assert response.status_code == 302
    assert response.url == reverse("gatherings:time", args=[community.slug, first.pk])
    assert gathering.rrule == "FREQ=WEEKLY;BYDAY=TU" and gathering.capacity == 8
    page = client.get(response.url)
    assert "Chair exercise on the TV" in page.text and "Lead the exercise" in page.text
    assert "Join by video" in page.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"video_url": "http://meet.example.org/x"}, "https://"),
        ({"rrule": "FREQ=WEEKLY;COUNT=abc"}, "COUNT"),
        ({"first_date": "2020-01-01"}, "already past"),
        ({"duration_minutes": "many"}, "whole number"),
        ({"hosting": "x\n" * 7}, "At most 6"),
    ],
)
def test_bad_input_comes_back_on_the_form_with_nothing_made(member, community, client_for, overrides, message):
    response = client_for(member).post(reverse("gatherings:start", args=[community.slug]), form_data(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert not Gathering.objects.exists()


def test_answering_on_the_page_shows_who_is_coming_to_members(member, steward, community, client_for):
    occurrence = OccurrenceFactory(gathering__action__community=community, capacity=5)
    url = reverse("gatherings:time", args=[community.slug, occurrence.pk])
    response = client_for(member).post(
        reverse("gatherings:answer", args=[community.slug, occurrence.pk]), {"answer": "coming"}
    )
    assert response.status_code == 302 and response.url == url
    page = client_for(steward).get(url)
    assert "Eino Laine" in page.text and "4 places left" in page.text
    assert Attendance.objects.get().answer == Answer.COMING


def test_a_wrong_answer_is_a_message_not_an_error(member, community, client_for):
    occurrence = OccurrenceFactory(gathering__action__community=community)
    client = client_for(member)
    response = client.post(
        reverse("gatherings:answer", args=[community.slug, occurrence.pk]), {"answer": "yes please"}, follow=True
    )
    assert response.status_code == 200 and "Please choose one of the options." in response.text
    assert client.get(reverse("gatherings:answer", args=[community.slug, occurrence.pk])).status_code == 405
    assert not Attendance.objects.exists()


def test_a_public_gathering_shows_no_names_to_a_visitor(member, community, client_for):
    community.visibility = Visibility.PUBLIC
    community.save()
    occurrence = OccurrenceFactory(
        gathering__action__community=community, gathering__action__visibility=ActionVisibility.PUBLIC
    )
    client_for(member).post(reverse("gatherings:answer", args=[community.slug, occurrence.pk]), {"answer": "coming"})
    page = client_for(None).get(reverse("gatherings:time", args=[community.slug, occurrence.pk]))
    assert page.status_code == 200
    assert "1 coming" in page.text and "Eino Laine" not in page.text


def test_the_list_reads_a_fixed_number_of_queries(member, community, client_for):
    client = client_for(member)
    url = reverse("gatherings:list", args=[community.slug])
    connection.features.supports_json_field  # noqa: B018 - a first-use query, not the page's
    counts = []
    for total in (2, 10):
        while len(OccurrenceFactory._meta.model.objects.all()) < total:
            OccurrenceFactory(gathering__action__community=community)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_participant_cancels_a_time_after_being_asked(steward, member, community, client_for):
    from talkoot.gatherings.services import gathering_start

    gathering = gathering_start(
        starter=steward,
        community=community,
        title="Coffee morning",
        first_starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=60,
    )
    occurrence = gathering.occurrences.get()
    url = reverse("gatherings:cancel", args=[community.slug, occurrence.pk])
    client = client_for(steward)
    assert "Cancel this time" in client.get(reverse("gatherings:time", args=[community.slug, occurrence.pk])).text
    asked = client.get(url)
    assert asked.status_code == 200 and "The other times stay as they are." in asked.text
    occurrence.refresh_from_db()
    assert occurrence.cancelled_at is None  # asking changes nothing
    assert client.post(url).status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.cancelled_at is not None
    refused = client_for(member).post(url, follow=True)
    assert refused.status_code == 200


def test_a_time_page_reads_a_fixed_number_of_queries(steward, community, client_for):
    from talkoot.actions.tests.factories import ClaimFactory, TaskFactory
    from talkoot.communities.tests.factories import MembershipFactory

    occurrence = OccurrenceFactory(gathering__action__community=community)
    action = occurrence.gathering.action
    action.participants.create(member=steward)
    url = reverse("gatherings:time", args=[community.slug, occurrence.pk])
    client = client_for(steward)
    connection.features.supports_json_field  # noqa: B018 - a first-use query, not the page's
    counts = []
    for people in (1, 8):
        for _ in range(people):
            someone = MembershipFactory(community=community).member
            Attendance.objects.create(
                occurrence=occurrence, member=someone, answer=Answer.COMING, answered_at=timezone.now()
            )
            task = TaskFactory(action=action, starts_at=occurrence.starts_at, taken=1, slots=2)
            ClaimFactory(task=task, member=someone)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

"""The pages for repeating tasks: add, change, stop; and nobody outside the community gets in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from talkoot.actions import recurrence, services
from talkoot.actions.models import ActionVisibility, Task, TaskSeries
from talkoot.actions.rrules import community_time_zone
from talkoot.actions.tests.factories import ActionFactory
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(community, member):
    return ActionFactory(community=community, started_by=member, title="Coffee mornings")


@pytest.fixture
def series(action, member):
    return recurrence.series_create(
        creator=member,
        action=action,
        title="Coffee morning",
        effort_minutes=60,
        slots=1,
        rrule="FREQ=WEEKLY;BYDAY=TU",
        first_starts_at=timezone.now() + timedelta(days=1),
    )


def _in_days(days: int) -> str:
    return (timezone.localdate(timezone.now(), community_time_zone()) + timedelta(days=days)).isoformat()


def _form(**overrides) -> dict:
    return {
        "title": "Coffee morning",
        "description": "",
        "frequency": "weekly",
        "weekdays": ["TU"],
        "time_of_day": "10:00",
        "first_date": _in_days(1),
        "effort_minutes": "60",
        "slots": "1",
        "place": "",
        "weeks_ahead": "4",
        "rrule": "",
    } | overrides


def _urls(community, action, series) -> list[str]:
    return [
        reverse("actions:series_create", args=[community.slug, action.pk]),
        reverse("actions:series_edit", args=[community.slug, series.pk]),
        reverse("actions:series_stop", args=[community.slug, series.pk]),
    ]


def test_member_adds_a_weekly_task_every_tuesday_at_ten(member, community, action, client_for):
    client = client_for(member)
    url = reverse("actions:series_create", args=[community.slug, action.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Add a repeating task" in page.text and "Every two weeks" in page.text

    response = client.post(url, _form(weekdays=["TU", "TH"]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("actions:detail", args=[community.slug, action.pk])
    assert "The repeating task is added." in response.text
    series = TaskSeries.objects.get(action=action)
    assert series.rrule == "FREQ=WEEKLY;BYDAY=TU,TH"
    assert series.created_by == member
    starts = [timezone.localtime(t.starts_at, community_time_zone()) for t in series.occurrences.all()]
    assert len(starts) >= 7
    assert {start.strftime("%a %H:%M") for start in starts} == {"Tue 10:00", "Thu 10:00"}


def test_member_adds_a_task_with_an_advanced_rule(member, community, action, client_for):
    url = reverse("actions:series_create", args=[community.slug, action.pk])
    response = client_for(member).post(url, _form(rrule="freq=monthly;byday=1mo"))
    assert response.status_code == 302
    assert TaskSeries.objects.get(action=action).rrule == "FREQ=MONTHLY;BYDAY=1MO"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rrule": "FREQ=HOURLY"}, "A task can repeat at most once a day"),
        ({"rrule": "every tuesday please"}, "This repeat rule is not valid"),
        ({"rrule": "DTSTART:20270101T100000"}, "Please leave out DTSTART"),
        ({"first_date": _in_days(-3)}, "The first time is already past."),
        ({"frequency": "monthly", "first_date": "2099-01-31"}, "please choose a day from 1 to 28"),
        ({"time_of_day": "25:99"}, "Enter a valid time."),
        ({"effort_minutes": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_input_is_explained_on_the_form(member, community, action, client_for, data, message):
    url = reverse("actions:series_create", args=[community.slug, action.pk])
    response = client_for(member).post(url, _form(**data))
    assert response.status_code == 200
    assert message in response.text
    assert "Please check the form" in response.text
    assert not TaskSeries.objects.exists()


def test_member_changes_a_series_and_the_unclaimed_times_follow(member, steward, community, series, client_for):
    claimed = series.occurrences.order_by("starts_at").first()
    services.task_claim(member=steward, task=claimed)
    client = client_for(member)
    url = reverse("actions:series_edit", args=[community.slug, series.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Coffee morning"' in page.text
    assert 'value="weekly" id="id_frequency_1" checked' in page.text

    response = client.post(url, _form(title="Coffee and cards", first_date=page.context["form"].initial["first_date"]))

    assert response.status_code == 302
    titles = set(series.occurrences.exclude(pk=claimed.pk).values_list("title", flat=True))
    assert titles == {"Coffee and cards"}
    claimed.refresh_from_db()
    assert claimed.title == "Coffee morning"


def test_member_stops_a_series(member, community, series, client_for):
    client = client_for(member)
    url = reverse("actions:series_stop", args=[community.slug, series.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "coming times that nobody has taken on will be cancelled" in page.text

    response = client.post(url, follow=True)

    assert "The repeating task is stopped." in response.text
    series.refresh_from_db()
    assert series.stopped_at is not None
    assert not series.occurrences.filter(cancelled_at__isnull=True).exists()
    assert client.get(reverse("actions:series_edit", args=[community.slug, series.pk])).status_code == 302


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("which", [0, 1, 2], ids=["series_create", "series_edit", "series_stop"])
def test_private_community_answers_404_from_outside(
    persona_name, method, which, request, community, action, series, client_for
):
    url = _urls(community, action, series)[which]
    response = getattr(client_for(request.getfixturevalue(persona_name)), method)(url, _form())
    assert response.status_code == 404
    assert community.name.encode() not in response.content
    series.refresh_from_db()
    assert series.stopped_at is None and series.title == "Coffee morning"
    assert TaskSeries.objects.count() == 1


def test_a_series_of_another_community_is_missing(member, other_community, series, client_for):
    other_action = ActionFactory(community=other_community)
    for url in _urls(other_community, other_action, series)[1:]:
        assert client_for(member).get(url).status_code == 404


def test_visitor_on_a_public_action_is_asked_to_log_in(client_for):
    community = CommunityFactory(visibility=Visibility.PUBLIC)
    action = ActionFactory(community=community, visibility=ActionVisibility.PUBLIC)
    url = reverse("actions:series_create", args=[community.slug, action.pk])
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert reverse("members:login") in response["Location"]


def test_signed_in_non_member_on_a_public_action_is_sent_back(outsider, client_for):
    community = CommunityFactory(visibility=Visibility.PUBLIC)
    action = ActionFactory(community=community, visibility=ActionVisibility.PUBLIC)
    url = reverse("actions:series_create", args=[community.slug, action.pk])
    response = client_for(outsider).post(url, _form(), follow=True)
    assert "Join" in response.text
    assert not TaskSeries.objects.exists() and not Task.objects.exists()


def test_every_two_weeks_counts_from_the_first_chosen_day():
    from datetime import date

    from talkoot.actions.forms_series import SeriesForm

    form = SeriesForm(_form(frequency="every_two_weeks", weekdays=["MO"], first_date="2099-01-01"))  # a Thursday
    assert form.is_valid(), form.errors
    arguments = form.service_arguments()
    assert arguments["rrule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    assert timezone.localtime(arguments["first_starts_at"], community_time_zone()).date() == date(2099, 1, 5)

"""A rota's task is its team's until two days before: the lists offer it to nobody else until then.

'For you', the community page and the API's task list leave out a task still reserved for a team
the viewer is not in; the team's members see it ('For you' shows it first).
"""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import Task
from talkoot.actions.ranking import tasks_for_you
from talkoot.actions.rrules import community_time_zone
from talkoot.actions.selectors import community_work
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.api.models import AccessToken
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.rotas.models import RotaTeam
from talkoot.rotas.services import team_join
from talkoot.rotas.tests.factories import make_rota, member_of

pytestmark = pytest.mark.django_db


def in_three_days_at_17() -> datetime:
    day = timezone.localdate(timezone.now(), community_time_zone()) + timedelta(days=3)
    return datetime.combine(day, time(17), tzinfo=community_time_zone())


@pytest.fixture
def rota(community):
    # Every evening from three days on: every duty is more than two days away, so all are reserved.
    return make_rota(
        community=community, rrule="FREQ=DAILY", teams=2, weeks_ahead=2, first_starts_at=in_three_days_at_17()
    )


@pytest.fixture
def first_team(rota) -> RotaTeam:
    return rota.teams.get(position=0)


@pytest.fixture
def cook(community, first_team):
    """A member of the team on duty in the rota's first week."""
    someone = member_of(community, member__display_name="Kaisa Cook")
    team_join(member=someone, team=first_team)
    return someone


def rota_titles(tasks) -> list[str]:
    return [task.title for task in tasks if task.title.startswith("Shared dinner")]


def first_duty_tasks(rota) -> list[Task]:
    return list(Task.objects.filter(action=rota.action).order_by("starts_at", "id")[:2])


def test_for_you_leaves_out_a_task_reserved_for_a_team_one_is_not_in(community, member, rota):
    TaskFactory(action=ActionFactory(community=community), title="Water the plants")

    assert rota_titles(tasks_for_you(member, community)) == []
    assert [task.title for task in tasks_for_you(member, community)] == ["Water the plants"]


def test_for_you_offers_the_task_to_everyone_in_the_last_two_days(community, member, rota):
    first = first_duty_tasks(rota)
    after_reservation = first[0].reserved_until + timedelta(minutes=1)

    shown = tasks_for_you(member, community, now=after_reservation)

    assert {task.pk for task in shown} == {task.pk for task in first}  # the later duties stay the team's


def test_the_team_on_duty_sees_its_tasks_first_on_for_you(community, cook, rota, first_team):
    TaskFactory(action=ActionFactory(community=community), title="Water the plants", starts_at=None)
    now = timezone.now()

    page = list(tasks_for_you(cook, community, now=now))

    reserved = Task.objects.filter(action=rota.action, reserved_for_team=first_team)
    this_week = set(reserved.filter(starts_at__lt=now + timedelta(days=7)).values_list("pk", flat=True))
    assert this_week
    assert {task.pk for task in page[: len(this_week)]} == this_week
    assert all(task.my_team == 1 for task in page[: len(this_week)])
    # The team's duties further away, and everyone's tasks, follow as usual.
    shown = {task.pk for task in page}
    assert shown == {*reserved.values_list("pk", flat=True), *_titled("Water the plants")}


def _titled(title: str) -> list[int]:
    return list(Task.objects.filter(title=title).values_list("pk", flat=True))


def test_for_you_page_says_it_is_the_team_s_week(community, cook, rota, client_for):
    response = client_for(cook).get(reverse("actions:for_you", args=[community.slug]))

    assert response.status_code == 200
    assert "Shared dinner: Cook" in response.content.decode()
    assert "Your team&#x27;s week" in response.content.decode()


def test_for_you_page_hides_the_team_s_task_from_others(community, member, rota, client_for):
    response = client_for(member).get(reverse("actions:for_you", args=[community.slug]))

    assert response.status_code == 200
    assert "Shared dinner" not in response.content.decode()


def test_community_page_lists_reserved_tasks_only_for_the_team(community, member, cook, rota):
    TaskFactory(action=ActionFactory(community=community), title="Water the plants")

    assert rota_titles(community_work(community, member).open_tasks) == []
    assert rota_titles(community_work(community, cook).open_tasks) != []


def test_for_you_costs_the_same_queries_for_one_rota_or_three(community, cook, rota, client_for):
    url = reverse("actions:for_you", args=[community.slug])
    client = client_for(cook)
    assert connection.features.supports_json_field

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for title in ("Cleaning the sauna", "Laundry room"):
        other = make_rota(
            community=community, title=title, rrule="FREQ=DAILY", teams=3, first_starts_at=rota.first_starts_at
        )
        team_join(member=cook, team=other.teams.get(position=1))
    assert count() == small


@pytest.fixture
def token_of(db):
    def make(person) -> str:
        token = access_token_create(member=person, name="tests")[1]
        AccessToken.objects.filter(member=person).update(last_used_at=timezone.now())
        return token

    return make


def test_api_task_list_leaves_out_the_team_s_tasks_for_others(community, member, cook, rota, token_of):
    TaskFactory(action=ActionFactory(community=community), title="Water the plants")
    path = f"/communities/{community.slug}/tasks?limit=100"

    others = call("GET", path, token=token_of(member)).json()["items"]
    team = call("GET", path, token=token_of(cook)).json()["items"]

    assert [item["title"] for item in others] == ["Water the plants"]
    reserved = Task.objects.filter(action=rota.action, reserved_for_team=cook_team(cook, rota))
    assert {item["id"] for item in team} >= set(reserved.values_list("pk", flat=True))
    assert len(team) == reserved.count() + 1


def cook_team(cook, rota) -> RotaTeam:
    return rota.teams.get(members__member=cook)

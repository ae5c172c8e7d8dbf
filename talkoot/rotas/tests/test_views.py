"""The rota pages: who sees them, the form's errors in the page, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import Claim, Task
from talkoot.communities.tests.factories import CommunityFactory
from talkoot.rotas.models import Rota, RotaSwap, SwapStatus
from talkoot.rotas.services import team_join, week_of
from talkoot.rotas.tests.factories import make_rota, member_of

pytestmark = pytest.mark.django_db


def _detail(rota) -> str:
    return reverse("rotas:detail", args=[rota.community.slug, rota.pk])


def test_member_sees_the_teams_the_weeks_and_who_took_on_what(community, member, steward, client_for):
    rota = make_rota(community=community)
    team_join(member=member, team=rota.teams.get(position=0))
    task = Task.objects.filter(action=rota.action).order_by("starts_at", "id").first()
    Claim.objects.create(task=task, member=member)
    Task.objects.filter(pk=task.pk).update(taken=1)

    response = client_for(steward).get(_detail(rota))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Shared dinner" in html
    assert "Team 6" in html
    assert member.display_name in html  # in team 1, and as who took on the first cook's task
    assert html.count("Week of ") >= 12
    assert "For the team until" in html  # steward is in no team: the team's tasks wait for it


def test_outsider_gets_404_and_a_visitor_of_a_public_community_is_asked_to_log_in(outsider, client_for):
    public = CommunityFactory()
    rota = make_rota(community=public)

    assert client_for(outsider).get(_detail(rota)).status_code == 404
    assert client_for(outsider).get(reverse("rotas:list", args=[public.slug])).status_code == 404
    visitor = client_for(None).get(_detail(rota))
    assert visitor.status_code == 302
    assert visitor["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_rota_of_another_community_is_404(community, member, client_for):
    elsewhere = make_rota(community=CommunityFactory())

    url = reverse("rotas:detail", args=[community.slug, elsewhere.pk])
    assert client_for(member).get(url).status_code == 404


def _form(**overrides) -> dict:
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "title": "Shared dinner",
        "weekdays": ["MO", "TU", "WE", "TH", "FR"],
        "time_of_day": "17:00",
        "first_date": tomorrow.isoformat(),
        "duration_minutes": "120",
        "teams": "6",
        "weeks_per_turn": "1",
        "weeks_ahead": "12",
        "role_1_title": "Cook",
        "role_1_slots": "3",
        "role_2_title": "Clean",
        "role_2_slots": "2",
    }
    return data | overrides


def test_create_form_makes_the_rota_and_its_duties(community, member, client_for):
    response = client_for(member).post(reverse("rotas:new", args=[community.slug]), _form(team_names="Red\nBlue"))

    rota = Rota.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(rota)
    assert list(rota.teams.values_list("name", flat=True)) == ["Red", "Blue", "Team 3", "Team 4", "Team 5", "Team 6"]
    assert list(rota.roles.values_list("title", "slots")) == [("Cook", 3), ("Clean", 2)]
    assert rota.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert rota.duties.count() > 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"teams": "0"}, "A rota needs at least one team"),
        ({"role_1_title": "", "role_1_slots": "", "role_2_title": "", "role_2_slots": ""}, "Please name between 1"),
        ({"role_1_slots": ""}, "Please say how many places this role has."),
        ({"rrule": "FREQ=SECONDLY"}, "A task can repeat at most once a day"),
        ({"duration_minutes": "1000"}, "A duty lasts between 15 and 480 minutes."),
    ],
)
def test_create_form_shows_the_errors_in_the_page(community, member, client_for, overrides, message):
    response = client_for(member).post(reverse("rotas:new", args=[community.slug]), _form(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Rota.objects.exists()


def test_claim_button_takes_the_task_and_comes_back_to_the_rota(community, member, client_for):
    rota = make_rota(community=community)
    team_join(member=member, team=rota.teams.get(position=0))
    task = Task.objects.filter(action=rota.action).order_by("starts_at", "id").first()

    response = client_for(member).post(
        reverse("actions:task_claim", args=[community.slug, task.pk]), {"next": _detail(rota)}
    )

    assert response["Location"] == _detail(rota)
    assert Claim.objects.filter(task=task, member=member).exists()


def test_swap_proposed_and_accepted_through_the_page(community, member, steward, client_for):
    rota = make_rota(community=community)
    team_join(member=member, team=rota.teams.get(position=0))
    team_join(member=steward, team=rota.teams.get(position=1))
    week0 = week_of(rota.first_starts_at)
    week1 = week0 + timedelta(weeks=1)

    propose = reverse("rotas:swap_propose", args=[community.slug, rota.pk])
    client_for(member).post(propose, {"week": week0.isoformat(), "other_week": week1.isoformat()})
    swap = RotaSwap.objects.get()
    page = client_for(steward).get(_detail(rota)).content.decode()
    assert "Accept the swap" in page
    client_for(steward).post(reverse("rotas:swap_accept", args=[community.slug, rota.pk, swap.pk]))

    swap.refresh_from_db()
    assert swap.status == SwapStatus.ACCEPTED
    assert set(rota.duties.filter(week=week0).values_list("team__position", flat=True)) == {1}


def test_join_and_leave_buttons(community, member, client_for):
    rota = make_rota(community=community)
    team = rota.teams.get(position=3)
    client = client_for(member)

    client.post(reverse("rotas:team_join", args=[community.slug, rota.pk, team.pk]))
    assert "Leave Team 4" in client.get(_detail(rota)).content.decode()
    client.post(reverse("rotas:team_leave", args=[community.slug, rota.pk, team.pk]))
    assert "Join Team 4" in client.get(_detail(rota)).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_rota_page_queries_do_not_grow_with_the_weeks(community, member, client_for):
    connection.features.supports_json_field  # noqa: B018 - cached before counting
    short = make_rota(community=community, weeks_ahead=2)
    long = make_rota(community=community, weeks_ahead=8, title="Cleaning")
    for rota in (short, long):
        for position in range(3):
            team_join(member=member_of(community), team=rota.teams.get(position=position))
        for task in Task.objects.filter(action=rota.action)[:6]:
            Claim.objects.create(task=task, member=member_of(community))
    client = client_for(member)
    _queries(client, _detail(short))  # warm the session and caches

    assert _queries(client, _detail(short)) == _queries(client, _detail(long))

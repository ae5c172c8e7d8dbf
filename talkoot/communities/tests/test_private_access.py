"""Nothing inside a private community is reachable from outside it.

`PRIVATE_ROUTES` lists every page and action inside a community. The outsider (a member of
another community) and the anonymous visitor must get the same 404 as for a community that
does not exist; a member gets the page or is redirected. A new page inside a community gets
one line here: (URL name, a function building its kwargs from the scenario, HTTP method).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from talkoot.actions.models import Action, Claim, Task, TaskSeries
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.actions.tests.factories_series import TaskSeriesFactory
from talkoot.communities.models import Application, Community
from talkoot.contributions.models import Contribution
from talkoot.contributions.tests.factories import ContributionFactory


@dataclass(frozen=True)
class Scenario:
    community: Community
    application: Application
    action: Action
    task: Task
    claim: Claim  # the member's own claim


Kwargs = Callable[[Scenario], dict]


def _slug(s: Scenario) -> dict:
    return {"slug": s.community.slug}


def _application(s: Scenario) -> dict:
    return {"slug": s.community.slug, "application_id": s.application.pk}


def _action(s: Scenario) -> dict:
    return {"slug": s.community.slug, "action_id": s.action.pk}


def _task(s: Scenario) -> dict:
    return {"slug": s.community.slug, "task_id": s.task.pk}


def _claim(s: Scenario) -> dict:
    return {"slug": s.community.slug, "claim_id": s.claim.pk}


def _contribution(s: Scenario) -> dict:
    """The member's own contribution, made on first use."""
    mine = Contribution.objects.filter(community=s.community, contributor=s.claim.member).first()
    mine = mine or ContributionFactory(community=s.community, contributor=s.claim.member)
    return {"slug": s.community.slug, "contribution_id": mine.pk}


def _person(s: Scenario) -> dict:
    return {"slug": s.community.slug, "member_id": s.claim.member_id}


def _series(s: Scenario) -> dict:
    """A repeating task of the scenario's action, made on first use."""
    series = TaskSeries.objects.filter(action=s.action).first() or TaskSeriesFactory(action=s.action)
    return {"slug": s.community.slug, "series_id": series.pk}


def _gathering_time(s: Scenario) -> dict:
    """A time of a gathering in the community, made on first use."""
    from talkoot.gatherings.models import Occurrence
    from talkoot.gatherings.tests.factories import OccurrenceFactory

    here = Occurrence.objects.filter(gathering__action__community=s.community).first()
    occurrence = here or OccurrenceFactory(gathering__action__community=s.community)
    return {"slug": s.community.slug, "occurrence_id": occurrence.pk}


def _proposal(s: Scenario) -> dict:
    """A proposal of the member's, made on first use."""
    from talkoot.proposals.models import Proposal
    from talkoot.proposals.services import proposal_create

    proposal = Proposal.objects.filter(community=s.community).first() or proposal_create(
        author=s.claim.member, community=s.community, kind="general", text="Coffee on Fridays"
    )
    return {"slug": s.community.slug, "proposal_id": proposal.pk}


def _accompanied(s: Scenario):
    """A fellow member the scenario's member is the agreed companion of, made on first use."""
    from talkoot.communities.tests.factories import MembershipFactory
    from talkoot.companions.models import Companionship

    link = Companionship.objects.filter(community=s.community, companion=s.claim.member).first()
    if link is None:
        person = MembershipFactory(community=s.community).member
        link = Companionship.objects.create(
            community=s.community, member=person, companion=s.claim.member, asked_by=person, agreed_at=s.task.created_at
        )
    return link


def _companionship(s: Scenario) -> dict:
    return {"slug": s.community.slug, "companionship_id": _accompanied(s).pk}


def _acting(s: Scenario) -> dict:
    return {"slug": s.community.slug, "member_id": _accompanied(s).member_id}


def _acting_task(s: Scenario) -> dict:
    return {**_acting(s), "task_id": s.task.pk}


def _acting_claim(s: Scenario) -> dict:
    person = _accompanied(s).member
    claim = Claim.objects.filter(member=person).first() or ClaimFactory(
        task=TaskFactory(action=s.action), member=person
    )
    return {**_acting(s), "claim_id": claim.pk}


def _acting_contribution(s: Scenario) -> dict:
    return {**_acting(s), "contribution_id": _contribution(s)["contribution_id"]}


def _acting_action(s: Scenario) -> dict:
    return {**_acting(s), "action_id": s.action.pk}


def _report(s: Scenario) -> dict:
    """A report on the scenario's action, by someone else; the member decides (no stewards yet)."""
    from talkoot.communities.tests.factories import MembershipFactory
    from talkoot.reports.models import Report

    report = Report.objects.filter(community=s.community).first()
    if report is None:
        reporter = MembershipFactory(community=s.community).member
        report = Report.objects.create(
            community=s.community, reporter=reporter, target="action", action=s.action, reason="Odd"
        )
    return {"slug": s.community.slug, "report_id": report.pk}


def _conversation(about: str) -> Kwargs:
    """The conversation about the community (0), or the scenario's action, task, proposal or application."""

    def kwargs(s: Scenario) -> dict:
        ids = {"community": 0, "action": s.action.pk, "task": s.task.pk, "application": s.application.pk}
        target_id = _proposal(s)["proposal_id"] if about == "proposal" else ids[about]
        return {"slug": s.community.slug, "about": about, "target_id": target_id}

    return kwargs


def _conversation_message(s: Scenario) -> dict:
    """The member's own message in the community's conversation, sent on first use."""
    from talkoot.conversations.models import Message
    from talkoot.conversations.selectors import target_for
    from talkoot.conversations.services import message_post

    member = s.claim.member
    message = Message.objects.filter(author=member).first() or message_post(
        author=member, target=target_for(member, s.community.slug, "community", 0), text="Coffee at ten?"
    )
    return {"slug": s.community.slug, "about": "community", "target_id": 0, "message_id": message.pk}


def _rota(s: Scenario) -> dict:
    """A rota of the community with the member in its first team, made on first use."""
    from talkoot.rotas.models import Rota
    from talkoot.rotas.services import team_join
    from talkoot.rotas.tests.factories import make_rota

    rota = Rota.objects.filter(community=s.community).first()
    if rota is None:
        rota = make_rota(community=s.community, creator=s.claim.member)
        team_join(member=s.claim.member, team=rota.teams.get(position=0))
    return {"slug": s.community.slug, "rota_id": rota.pk}


def _rota_team(s: Scenario) -> dict:
    from talkoot.rotas.models import RotaTeam

    kwargs = _rota(s)
    return {**kwargs, "team_id": RotaTeam.objects.get(rota_id=kwargs["rota_id"], position=1).pk}


def _rota_swap(s: Scenario) -> dict:
    """The member's team offers its first week to the second team, proposed on first use."""
    from talkoot.communities.tests.factories import MembershipFactory
    from talkoot.rotas.models import Rota, RotaSwap
    from talkoot.rotas.services import swap_propose, team_join

    kwargs = _rota(s)
    swap = RotaSwap.objects.filter(rota_id=kwargs["rota_id"]).first()
    if swap is None:
        rota = Rota.objects.get(pk=kwargs["rota_id"])
        other = rota.teams.get(position=1)
        team_join(member=MembershipFactory(community=s.community).member, team=other)
        weeks = sorted(set(rota.duties.values_list("week", flat=True)))
        swap = swap_propose(member=s.claim.member, rota=rota, week=weeks[0], other_team=other, other_week=weeks[1])
    return {**kwargs, "swap_id": swap.pk}


PRIVATE_ROUTES: list[tuple[str, Kwargs, str]] = [
    ("communities:detail", _slug, "get"),
    ("communities:edit", _slug, "get"),
    ("communities:edit", _slug, "post"),
    ("communities:members", _slug, "get"),
    ("communities:join", _slug, "post"),
    ("communities:apply", _slug, "get"),
    ("communities:apply", _slug, "post"),
    ("communities:withdraw", _slug, "post"),
    ("communities:leave", _slug, "get"),
    ("communities:leave", _slug, "post"),
    ("communities:applications", _slug, "get"),
    ("communities:decide", _application, "post"),
    ("communities:history", _slug, "get"),
    ("actions:start", _slug, "get"),
    ("actions:start", _slug, "post"),
    ("actions:need_help", _slug, "get"),
    ("actions:need_help", _slug, "post"),
    ("actions:detail", _action, "get"),
    ("actions:move_stage", _action, "post"),
    ("actions:assess", _action, "get"),
    ("actions:assess", _action, "post"),
    ("actions:task_create", _action, "get"),
    ("actions:task_create", _action, "post"),
    ("actions:task_split", _task, "get"),
    ("actions:task_split", _task, "post"),
    ("actions:task_cancel", _task, "post"),
    ("actions:task_claim", _task, "post"),
    ("actions:claim_withdraw", _claim, "post"),
    ("actions:claim_done", _claim, "get"),
    ("actions:claim_done", _claim, "post"),
    ("actions:claim_did_not_happen", _claim, "post"),
    ("contributions:record", _slug, "get"),
    ("contributions:record", _slug, "post"),
    ("contributions:edit", _contribution, "get"),
    ("contributions:edit", _contribution, "post"),
    ("contributions:withdraw", _contribution, "get"),
    ("contributions:withdraw", _contribution, "post"),
    ("contributions:thanks", _contribution, "post"),
    ("contributions:story", _person, "get"),
    ("communities:trust_give", _person, "post"),
    ("communities:trust_withdraw", _person, "post"),
    ("proposals:list", _slug, "get"),
    ("proposals:new", _slug, "get"),
    ("proposals:new", _slug, "post"),
    ("proposals:detail", _proposal, "get"),
    ("proposals:respond", _proposal, "post"),
    ("proposals:amend", _proposal, "post"),
    ("proposals:withdraw", _proposal, "post"),
    ("actions:series_create", _action, "get"),
    ("actions:series_create", _action, "post"),
    ("actions:series_edit", _series, "get"),
    ("actions:series_edit", _series, "post"),
    ("actions:series_stop", _series, "get"),
    ("actions:series_stop", _series, "post"),
    ("gatherings:list", _slug, "get"),
    ("gatherings:start", _slug, "get"),
    ("gatherings:start", _slug, "post"),
    ("gatherings:time", _gathering_time, "get"),
    ("gatherings:answer", _gathering_time, "post"),
    ("gatherings:present", _gathering_time, "post"),
    ("gatherings:cancel", _gathering_time, "get"),
    ("gatherings:cancel", _gathering_time, "post"),
    ("actions:for_you", _slug, "get"),
    ("companions:list", _slug, "get"),
    ("companions:ask", _person, "post"),
    ("companions:agree", _companionship, "post"),
    ("companions:end", _companionship, "post"),
    ("companions:acting", _acting, "get"),
    ("companions:need_help", _acting, "get"),
    ("companions:need_help", _acting, "post"),
    ("companions:claim", _acting_task, "post"),
    ("companions:withdraw", _acting_claim, "post"),
    ("companions:thanks", _acting_contribution, "post"),
    ("companions:assess", _acting_action, "get"),
    ("companions:assess", _acting_action, "post"),
    ("reports:list", _slug, "get"),
    ("reports:new", _slug, "get"),
    ("reports:new", _slug, "post"),
    ("reports:hide", _report, "post"),
    ("reports:dismiss", _report, "post"),
    ("reports:keep_hidden", _report, "post"),
    ("reports:propose_removal", _report, "post"),
    ("calendars:community", _slug, "get"),
    ("calendars:community_new_address", _slug, "post"),
    ("insights:community", _slug, "get"),
    ("insights:community_refresh", _slug, "post"),
    ("conversations:list", _slug, "get"),
    ("conversations:detail", _conversation("community"), "get"),
    ("conversations:detail", _conversation("community"), "post"),
    ("conversations:detail", _conversation("action"), "get"),
    ("conversations:detail", _conversation("task"), "get"),
    ("conversations:detail", _conversation("proposal"), "get"),
    ("conversations:detail", _conversation("application"), "get"),
    ("conversations:detail", _conversation("application"), "post"),
    ("conversations:newer", _conversation("action"), "get"),
    ("conversations:edit", _conversation_message, "get"),
    ("conversations:edit", _conversation_message, "post"),
    ("conversations:delete", _conversation_message, "get"),
    ("conversations:delete", _conversation_message, "post"),
    ("rotas:list", _slug, "get"),
    ("rotas:new", _slug, "get"),
    ("rotas:new", _slug, "post"),
    ("rotas:detail", _rota, "get"),
    ("rotas:stop", _rota, "post"),
    ("rotas:team_join", _rota_team, "post"),
    ("rotas:team_leave", _rota_team, "post"),
    ("rotas:swap_propose", _rota, "post"),
    ("rotas:swap_accept", _rota_swap, "post"),
    ("rotas:swap_decline", _rota_swap, "post"),
    ("rotas:swap_withdraw", _rota_swap, "post"),
]

# Enough for every form to be valid, so a member's POST does what it says.
POST_DATA = {"decision": "decline", "message": "", "name": "Renamed", "visibility": "private", "join_policy": "open"}


def _route_id(route) -> str:
    name, _kwargs, method = route
    return f"{method.upper()} {name}"


@pytest.fixture
def scenario(community, private_application, member):
    action = ActionFactory(community=community, started_by=member)
    task = TaskFactory(action=action, title="Carry the shopping", effort_minutes=180, slots=2)
    claimed = TaskFactory(action=action, taken=1)
    return Scenario(
        community=community,
        application=private_application,
        action=action,
        task=task,
        claim=ClaimFactory(task=claimed, member=member),
    )


def _request(client, route, scenario):
    name, kwargs, method = route
    url = reverse(name, kwargs=kwargs(scenario))
    return getattr(client, method)(url, POST_DATA if method == "post" else None)


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=_route_id)
def test_private_community_answers_404_from_outside(route, persona_name, request, scenario, client_for):
    persona = request.getfixturevalue(persona_name)
    response = _request(client_for(persona), route, scenario)
    assert response.status_code == 404
    assert scenario.community.name.encode() not in response.content


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=_route_id)
def test_private_community_lets_its_member_in(route, member, scenario, client_for):
    response = _request(client_for(member), route, scenario)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=_route_id)
def test_missing_community_answers_the_same_404(route, outsider, scenario, client_for):
    name, kwargs, method = route
    missing = {**kwargs(scenario), "slug": "no-such-community"}
    response = getattr(client_for(outsider), method)(reverse(name, kwargs=missing))
    private = _request(client_for(outsider), route, scenario)
    assert response.status_code == private.status_code == 404
    assert _normalised(response, "no-such-community") == _normalised(private, scenario.community.slug)


def _normalised(response, slug: str) -> str:
    """The page without what differs on every response anyway: its address, CSRF token and CSP nonce."""
    html = response.content.decode().replace(slug, "SLUG")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_every_route_inside_a_community_is_in_the_table():
    """A new URL with a slug must be added to PRIVATE_ROUTES (or this test explains why not)."""
    from django.urls import get_resolver

    inside = set()
    for name, entries in get_resolver().namespace_dict.items():
        _prefix, resolver = entries
        inside |= {f"{name}:{p.name}" for p in resolver.url_patterns if "<slug:slug>" in str(p.pattern)}
    assert inside == {name for name, _kwargs, _method in PRIVATE_ROUTES}


def test_private_community_is_missing_from_the_directory_and_its_search(community, outsider, client_for):
    for params in ({}, {"q": "Kallio"}, {"municipality": community.municipality}):
        response = client_for(outsider).get(reverse("communities:directory"), params)
        assert response.status_code == 200
        assert b"Kallio Seniors Together" not in response.content


def test_member_who_left_a_private_community_is_an_outsider_again(community, member, client_for):
    client = client_for(member)
    assert client.post(reverse("communities:leave", args=[community.slug])).status_code == 302
    assert client.get(reverse("communities:detail", args=[community.slug])).status_code == 404

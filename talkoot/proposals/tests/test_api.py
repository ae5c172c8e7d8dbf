"""The proposals API: members propose, respond, amend and withdraw through the pages' services."""

from datetime import timedelta
from typing import get_args

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.api.models import Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.communities.models import Community, JoinPolicy
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.proposals import api
from talkoot.proposals.forms import SETTING_CHOICES, WINDOWS
from talkoot.proposals.models import Proposal, ProposalStatus, Response
from talkoot.proposals.services import proposal_create, proposal_respond, proposal_withdraw

pytestmark = pytest.mark.django_db

BASE = "/communities/kallio-seniors/proposals"
WEEKLY = {"kind": "general", "text": "Meet weekly.", "window_hours": 24}


def token(person, scope=Scope.READ_WRITE) -> str:
    return access_token_create(member=person, name="tests", scope=scope)[1]


def warm(secret: str) -> str:
    """A token used once already: its first use writes `last_used_at`, which no later call does."""
    call("GET", "/me", token=secret)
    return secret


def propose(author, community, text="Meet on Tuesdays.", **kwargs) -> Proposal:
    return proposal_create(author=author, community=community, kind="general", text=text, **kwargs)


def test_the_api_offers_the_windows_and_settings_of_the_form():
    assert sorted(get_args(api.WindowHours)) == sorted(hours for hours, _label in WINDOWS)
    form_settings = {value.partition(":")[0] for value, _label in SETTING_CHOICES if value}
    assert set(get_args(api.Setting)) == form_settings


# --- Listing and reading -------------------------------------------------------------------------


def test_a_member_sees_open_and_decided_proposals_and_those_about_them(community, member, steward):
    open_one = propose(steward, community)
    withdrawn = propose(member, community, text="Meet on Fridays.")
    proposal_withdraw(author=member, proposal=withdrawn)
    removal = proposal_create(
        author=steward, community=community, kind="removal", text="Eino never comes.", change={"member": member.pk}
    )

    response = call("GET", BASE, token=token(member))

    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["items"]] == [removal.pk, withdrawn.pk, open_one.pk]  # newest first
    assert [p["about_you"] for p in body["items"]] == [True, False, False]
    assert body["items"][1]["status"] == "withdrawn"
    assert body["items"][2]["author"] == {"id": steward.pk, "display_name": "Aino Virtanen"}
    assert "email" not in str(body)
    open_now = call("GET", f"{BASE}?status=open", token=token(member)).json()["items"]
    assert [p["id"] for p in open_now] == [removal.pk, open_one.pk]


def test_every_proposal_is_reached_page_by_page(community, member, steward):
    made = [propose(steward, community, text=f"Proposal {number}").pk for number in range(5)]
    seen, cursor = [], None
    while True:
        page = call("GET", f"{BASE}?limit=2" + (f"&cursor={cursor}" if cursor else ""), token=token(member)).json()
        seen += [p["id"] for p in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == made[::-1]


def test_the_detail_has_the_responses_their_tally_and_yours(community, member, steward):
    proposal = propose(steward, community)
    proposal_respond(member=member, proposal=proposal, kind="objection", reason="Tuesdays I sing in the choir.")

    body = call("GET", f"{BASE}/{proposal.pk}", token=token(member)).json()

    assert body["tally"] == {"consent": 1, "abstain": 0, "concern": 0, "objection": 1}
    assert [(r["member"]["display_name"], r["kind"]) for r in body["responses"]] == [
        ("Aino Virtanen", "consent"),
        ("Eino Laine", "objection"),
    ]
    assert body["your_response"]["reason"] == "Tuesdays I sing in the choir."
    assert body["member_to_remove"] is None


def test_a_proposal_whose_window_is_over_is_decided_when_read(community, member, steward):
    proposal = propose(steward, community)
    proposal_respond(member=member, proposal=proposal, kind="consent")
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    body = call("GET", f"{BASE}/{proposal.pk}", token=token(member)).json()

    assert body["status"] == "passed"
    assert body["outcome"] == {"consents": 2, "objections": 0, "needed": 2}


def test_another_communitys_proposal_is_not_found_through_this_community(community, other_community, member, outsider):
    theirs = propose(outsider, other_community)

    assert call("GET", f"{BASE}/{theirs.pk}", token=token(member)).status_code == 404
    assert call("GET", f"{BASE}/999999", token=token(member)).status_code == 404
    assert call("GET", f"{BASE}/abc", token=token(member)).status_code == 422
    response = call("POST", f"{BASE}/{theirs.pk}/responses", token=token(member), body={"kind": "objection"})
    assert response.status_code == 404
    assert not Response.objects.filter(member=member).exists()


def test_listing_proposals_takes_the_same_queries_for_2_or_10(community, member, steward):
    connection.features.supports_json_field  # noqa: B018 - SQLite asks once, outside the count
    secret = warm(token(member))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call("GET", BASE, token=secret).status_code == 200
        return len(captured)

    for number in range(2):
        propose(steward, community, text=f"Proposal {number}")
        proposal_withdraw(author=steward, proposal=propose(steward, community, text=f"Withdrawn {number}"))
    few = queries()
    for number in range(8):
        propose(steward, community, text=f"More {number}")
        proposal_withdraw(author=steward, proposal=propose(steward, community, text=f"More withdrawn {number}"))
    assert queries() == few


def test_reading_a_proposal_takes_the_same_queries_for_2_or_10_responses(community, member, steward):
    connection.features.supports_json_field  # noqa: B018
    proposal = propose(steward, community)
    secret = warm(token(member))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call("GET", f"{BASE}/{proposal.pk}", token=secret).status_code == 200
        return len(captured)

    proposal_respond(member=member, proposal=proposal, kind="consent")
    few = queries()
    for _number in range(8):
        proposal_respond(member=MembershipFactory(community=community).member, proposal=proposal, kind="abstain")
    assert queries() == few


# --- Proposing -----------------------------------------------------------------------------------


def test_a_member_proposes_a_setting_and_counts_as_consenting(community, member):
    body = {"kind": "setting", "text": "Let anyone join.", "setting": "join_policy", "value": "open"}

    response = call("POST", BASE, token=token(member), body=body)

    assert response.status_code == 201
    created = response.json()
    proposal = Proposal.objects.get()
    assert created["id"] == proposal.pk
    assert created["change"] == {"setting": "join_policy", "value": JoinPolicy.OPEN}
    assert created["change_description"] == "Who can join: open to everyone"
    assert created["window_hours"] == 72
    assert created["tally"]["consent"] == 1
    assert proposal.author == member


def test_a_member_proposes_a_trust_threshold_and_a_removal(community, member, steward):
    threshold = call(
        "POST",
        BASE,
        token=token(member),
        body={"kind": "setting", "text": "Four.", "setting": "trust_threshold", "value": 4, "window_hours": 168},
    )
    removal = call(
        "POST", BASE, token=token(member), body={"kind": "removal", "text": "Aino left.", "member": steward.pk}
    )

    assert threshold.status_code == 201
    assert threshold.json()["change"] == {"setting": "trust_threshold", "value": 4}
    assert removal.status_code == 201
    assert removal.json()["member_to_remove"] == {"id": steward.pk, "display_name": "Aino Virtanen"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "general", "text": "Meet weekly.", "window_hours": 48}, "window_hours"),
        ({"kind": "general", "text": "Meet weekly.", "window_hours": "a week"}, "window_hours"),
        ({"kind": "general"}, "text"),
        ({"kind": "general", "text": 12}, "text"),
        ({"kind": "general", "text": "x" * 5001}, "text"),
        ({"kind": "general", "text": "   "}, "text"),
        ({"kind": "vote", "text": "Meet weekly."}, "kind"),
        ({"kind": "general", "text": "Meet weekly.", "secret": True}, "secret"),
        ({"kind": "setting", "text": "Ask this.", "setting": "application_questions", "value": "Why?"}, "setting"),
        ({"kind": "setting", "text": "Open.", "setting": "visibility", "value": "open"}, "value"),
        ({"kind": "setting", "text": "Many.", "setting": "trust_threshold", "value": 99}, "value"),
        ({"kind": "setting", "text": "Same.", "setting": "join_policy", "value": "application"}, "value"),
        ({"kind": "norms", "text": "New norms.", "norms": ""}, "norms"),
        ({"kind": "removal", "text": "Who?", "member": 999999}, "member"),
        ({"kind": "removal", "text": "Who?", "member": 10**25}, "member"),
        ({"kind": "removal", "text": "Who?", "member": "Aino"}, "member"),
    ],
)
def test_a_proposal_with_bad_input_is_refused_and_nothing_is_made(community, member, body, field):
    response = call("POST", BASE, token=token(member), body=body)

    assert response.status_code == 422, response.content
    assert field in {error["field"].split(".")[0] for error in response.json()["errors"]}
    assert not Proposal.objects.exists()


def test_proposing_to_remove_yourself_is_refused(community, member):
    response = call("POST", BASE, token=token(member), body={"kind": "removal", "text": "Me.", "member": member.pk})

    assert response.status_code == 409
    assert "leave at any time" in response.json()["detail"]
    assert not Proposal.objects.exists()


def test_sent_twice_with_the_same_once_makes_one_proposal(community, member):
    secret = token(member)
    body = {**WEEKLY, "once": "3f1c2a"}

    first = call("POST", BASE, token=secret, body=body)
    second = call("POST", BASE, token=secret, body=body)
    other = call("POST", BASE, token=secret, body={**WEEKLY, "once": "77aa01"})

    assert (first.status_code, second.status_code, other.status_code) == (201, 200, 201)
    assert second.json()["id"] == first.json()["id"]
    assert Proposal.objects.count() == 2


def test_a_refused_proposal_can_be_sent_again_with_the_same_once(community, member):
    secret = token(member)

    refused = call("POST", BASE, token=secret, body={**WEEKLY, "text": " ", "once": "abc"})
    corrected = call("POST", BASE, token=secret, body={**WEEKLY, "once": "abc"})

    assert (refused.status_code, corrected.status_code) == (422, 201)


def test_an_outsider_cannot_propose_in_a_private_community(community, outsider):
    assert call("POST", BASE, token=token(outsider), body=WEEKLY).status_code == 404
    assert not Proposal.objects.exists()


# --- Responding ----------------------------------------------------------------------------------


def test_an_objection_needs_a_reason_and_then_counts(community, member, steward):
    proposal = propose(steward, community)
    path = f"{BASE}/{proposal.pk}/responses"

    without = call("POST", path, token=token(member), body={"kind": "objection"})
    assert without.status_code == 422
    assert without.json()["errors"][0]["field"] == "reason"
    assert not Response.objects.filter(member=member).exists()

    with_reason = call("POST", path, token=token(member), body={"kind": "objection", "reason": "Not Tuesdays."})
    assert with_reason.status_code == 200
    assert with_reason.json()["tally"]["objection"] == 1


def test_responding_again_changes_the_one_response(community, member, steward):
    proposal = propose(steward, community)
    path = f"{BASE}/{proposal.pk}/responses"
    secret = token(member)

    call("POST", path, token=secret, body={"kind": "consent"})
    call("POST", path, token=secret, body={"kind": "consent"})
    body = call("POST", path, token=secret, body={"kind": "abstain"}).json()

    assert Response.objects.filter(proposal=proposal, member=member).get().kind == "abstain"
    assert body["tally"] == {"consent": 1, "abstain": 1, "concern": 0, "objection": 0}


@pytest.mark.parametrize("body", [{"kind": "maybe"}, {}, {"kind": "consent", "reason": "x" * 2001}, {"kind": 1}])
def test_a_response_with_bad_input_is_refused(community, member, steward, body):
    proposal = propose(steward, community)

    assert call("POST", f"{BASE}/{proposal.pk}/responses", token=token(member), body=body).status_code == 422
    assert not Response.objects.filter(member=member).exists()


def test_a_closed_proposal_takes_no_responses(community, member, steward):
    proposal = propose(steward, community)
    proposal_withdraw(author=steward, proposal=proposal)

    response = call("POST", f"{BASE}/{proposal.pk}/responses", token=token(member), body={"kind": "consent"})

    assert response.status_code == 409
    assert not Response.objects.filter(member=member).exists()


# --- Amending and withdrawing --------------------------------------------------------------------


def test_the_author_amends_and_a_full_window_opens_again(community, member):
    proposal = propose(member, community, window_hours=24)
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=timezone.now() + timedelta(hours=1))

    response = call("POST", f"{BASE}/{proposal.pk}/amend", token=token(member), body={"text": "Meet on Mondays."})

    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.text == "Meet on Mondays."
    assert proposal.closes_at > timezone.now() + timedelta(hours=23)
    assert response.json()["amended_at"] is not None


def test_only_the_author_may_amend_or_withdraw(community, member, steward):
    proposal = propose(steward, community)

    amend = call("POST", f"{BASE}/{proposal.pk}/amend", token=token(member), body={"text": "Mine now."})
    withdraw = call("POST", f"{BASE}/{proposal.pk}/withdraw", token=token(member))

    assert (amend.status_code, withdraw.status_code) == (403, 403)
    assert amend.json()["code"] == withdraw.json()["code"] == "not_author"
    proposal.refresh_from_db()
    assert (proposal.text, proposal.status) == ("Meet on Tuesdays.", ProposalStatus.OPEN)


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x" * 5001}, {"text": "ok", "kind": "norms"}])
def test_an_amendment_with_bad_input_is_refused(community, member, body):
    proposal = propose(member, community)

    assert call("POST", f"{BASE}/{proposal.pk}/amend", token=token(member), body=body).status_code == 422
    proposal.refresh_from_db()
    assert proposal.text == "Meet on Tuesdays."


def test_the_author_withdraws_once(community, member):
    proposal = propose(member, community)
    secret = token(member)

    first = call("POST", f"{BASE}/{proposal.pk}/withdraw", token=secret)
    again = call("POST", f"{BASE}/{proposal.pk}/withdraw", token=secret)

    assert first.status_code == 200
    assert first.json()["status"] == "withdrawn"
    assert again.status_code == 409
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN


def test_a_read_only_token_cannot_propose(community, member):
    response = call("POST", BASE, token=token(member, Scope.READ), body=WEEKLY)

    assert response.status_code == 403
    assert not Proposal.objects.exists()
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.APPLICATION

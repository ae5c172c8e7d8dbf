"""Consent proposals: outcomes, changes applied at the close, and what bad input gets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.communities.models import Community, JoinPolicy, Membership
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory
from talkoot.proposals.models import Proposal, ProposalKind, ProposalStatus, ResponseKind
from talkoot.proposals.services import (
    consents_needed,
    proposal_amend,
    proposal_close,
    proposal_create,
    proposal_respond,
    proposal_withdraw,
    proposals_close_due,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle():
    """A community that takes applications, with five members who joined long ago."""
    community = CommunityFactory(join_policy=JoinPolicy.APPLICATION)
    people = [MemberFactory() for _ in range(5)]
    for person in people:
        MembershipFactory(community=community, member=person, joined_at=timezone.now() - timedelta(days=90))
    return community, people


def after_window(proposal, hours: int = 1):
    return proposal.closes_at + timedelta(hours=hours)


def open_join(community, author):
    return proposal_create(
        author=author,
        community=community,
        kind=ProposalKind.SETTING,
        text="Let anyone join: we are a neighbourhood, not a club.",
        change={"setting": "join_policy", "value": JoinPolicy.OPEN},
    )


@pytest.mark.parametrize(("settled", "needed"), [(1, 2), (10, 2), (20, 2), (21, 3), (100, 10), (101, 11)])
def test_consents_needed_is_two_or_a_tenth_of_the_members(settled, needed):
    assert consents_needed(settled) == needed


def test_a_setting_passes_with_enough_consents_and_takes_effect_at_the_close(circle):
    community, (aino, eino, *_rest) = circle
    proposal = open_join(community, aino)  # the author counts as consenting
    proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.CONSENT)

    assert proposal_close(proposal=proposal, now=after_window(proposal))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PASSED
    assert proposal.outcome == {"consents": 2, "objections": 0, "needed": 2}
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.OPEN
    decided = HistoryEntry.objects.filter(community=community).order_by("-id")[:2]
    assert [entry.kind for entry in decided] == [HistoryKind.RULES_CHANGED, HistoryKind.PROPOSAL_DECIDED]


def test_a_standing_objection_stops_it(circle):
    community, (aino, eino, saara, *_rest) = circle
    proposal = open_join(community, aino)
    proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.CONSENT)
    proposal_respond(member=saara, proposal=proposal, kind=ResponseKind.OBJECTION, reason="We promised a quiet circle.")

    proposal_close(proposal=proposal, now=after_window(proposal))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_PASSED
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.APPLICATION


def test_an_objection_withdrawn_before_the_close_lets_it_pass(circle):
    community, (aino, eino, saara, *_rest) = circle
    proposal = open_join(community, aino)
    proposal_respond(member=saara, proposal=proposal, kind=ResponseKind.OBJECTION, reason="Too soon.")
    proposal_respond(member=saara, proposal=proposal, kind=ResponseKind.CONCERN, reason="Let us watch how it goes.")
    proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.ABSTAIN)

    proposal_close(proposal=proposal, now=after_window(proposal))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PASSED  # the author and a concern: two consents
    assert proposal.outcome["consents"] == 2


def test_without_enough_consents_it_does_not_pass(circle):
    community, (aino, eino, *_rest) = circle
    proposal = open_join(community, aino)
    proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.ABSTAIN)

    proposal_close(proposal=proposal, now=after_window(proposal))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_PASSED
    assert proposal.outcome == {"consents": 1, "objections": 0, "needed": 2}


def test_amending_reopens_a_full_window(circle):
    community, (aino, eino, *_rest) = circle
    proposal = open_join(community, aino)
    now = timezone.now()
    first_close = now + timedelta(hours=24)  # opened two days ago, a day to go
    Proposal.objects.filter(pk=proposal.pk).update(opened_at=now - timedelta(hours=48), closes_at=first_close)

    amended = proposal_amend(author=aino, proposal=proposal, text="Let anyone join, and meet them for coffee first.")

    assert amended.closes_at >= now + timedelta(hours=72) and amended.amended_at is not None
    assert not proposal_close(proposal=proposal, now=first_close + timedelta(minutes=1))  # still open
    with pytest.raises(ApplicationError, match="Only the person who made"):
        proposal_amend(author=eino, proposal=proposal, text="Something else")


def test_responding_after_the_close_is_refused_and_closes_it(circle):
    community, (aino, eino, *_rest) = circle
    proposal = open_join(community, aino)
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ApplicationError, match="closed"):
        proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.CONSENT)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_PASSED  # closed lazily, with the author's consent only


def test_a_norms_change_and_a_removal_apply_at_the_close(circle):
    community, (aino, eino, saara, *_rest) = circle
    norms = proposal_create(
        author=aino, community=community, kind=ProposalKind.NORMS, text="Shorter norms", change={"norms": "Be kind."}
    )
    removal = proposal_create(
        author=aino, community=community, kind=ProposalKind.REMOVAL, text="Saara left town", change={"member": saara.pk}
    )
    for proposal in (norms, removal):
        proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.CONSENT)

    assert proposals_close_due(now=after_window(removal)) == 2

    assert Community.objects.get(pk=community.pk).norms == "Be kind."
    assert not Membership.objects.active().filter(community=community, member=saara).exists()
    assert HistoryEntry.objects.filter(kind=HistoryKind.MEMBER_REMOVED, subject=saara).count() == 1


def test_withdrawn_proposals_never_close(circle):
    community, (aino, eino, *_rest) = circle
    proposal = open_join(community, aino)
    with pytest.raises(ApplicationError):
        proposal_withdraw(author=eino, proposal=proposal)
    proposal_withdraw(author=aino, proposal=proposal)

    assert not proposal_close(proposal=proposal, now=after_window(proposal))
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.APPLICATION


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("window 0", "between 24 hours and 14 days"),
        ("window 30 days", "between 24 hours and 14 days"),
        ("remove yourself", "cannot propose to remove yourself"),
        ("remove an outsider", "not a member"),
        ("empty text", "fill in"),
        ("unknown setting", "choose a setting"),
        ("same setting", "has this setting already"),
    ],
)
def test_bad_proposals_get_a_clear_message(circle, case, message):
    community, (aino, *_rest) = circle
    arguments = {"author": aino, "community": community, "kind": ProposalKind.GENERAL, "text": "Let us meet weekly."}
    if case == "window 0":
        arguments["window_hours"] = 0
    elif case == "window 30 days":
        arguments["window_hours"] = 30 * 24
    elif case == "remove yourself":
        arguments |= {"kind": ProposalKind.REMOVAL, "change": {"member": aino.pk}}
    elif case == "remove an outsider":
        arguments |= {"kind": ProposalKind.REMOVAL, "change": {"member": MemberFactory().pk}}
    elif case == "empty text":
        arguments["text"] = "   "
    elif case == "unknown setting":
        arguments |= {"kind": ProposalKind.SETTING, "change": {"setting": "slug", "value": "x"}}
    elif case == "same setting":
        arguments |= {"kind": ProposalKind.SETTING, "change": {"setting": "join_policy", "value": "application"}}

    with pytest.raises(ApplicationError, match=message):
        proposal_create(**arguments)
    assert not Proposal.objects.exists()


def test_an_objection_needs_a_reason(circle):
    community, (aino, eino, *_rest) = circle
    proposal = open_join(community, aino)

    with pytest.raises(ApplicationError, match="say why you object"):
        proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.OBJECTION, reason="  ")

"""Two workers closing the same proposal at once apply its change exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.communities.models import Community, JoinPolicy
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.communities.tests.test_concurrency import _race
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory
from talkoot.proposals.models import ProposalKind, ProposalStatus, ResponseKind
from talkoot.proposals.services import proposal_close, proposal_create, proposal_respond

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_closing_one_proposal_apply_it_once():
    community = CommunityFactory(join_policy=JoinPolicy.APPLICATION)
    aino, eino = MemberFactory(), MemberFactory()
    for person in (aino, eino):
        MembershipFactory(community=community, member=person, joined_at=timezone.now() - timedelta(days=60))
    proposal = proposal_create(
        author=aino,
        community=community,
        kind=ProposalKind.SETTING,
        text="Open the door to everyone.",
        change={"setting": "join_policy", "value": JoinPolicy.OPEN},
    )
    proposal_respond(member=eino, proposal=proposal, kind=ResponseKind.CONSENT)
    later = proposal.closes_at + timedelta(minutes=1)
    closed = []

    _race(*(lambda: closed.append(proposal_close(proposal=proposal, now=later)) for _ in range(2)))

    assert sorted(closed) == [False, True]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PASSED
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.OPEN
    assert HistoryEntry.objects.filter(community=community, kind=HistoryKind.PROPOSAL_DECIDED).count() == 1
    assert HistoryEntry.objects.filter(community=community, kind=HistoryKind.RULES_CHANGED).count() == 1

"""Fixtures of the conversations app, on top of the shared personas in the root conftest.py."""

import pytest

from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.models import Application, JoinPolicy, Membership, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.conversations.selectors import target_for
from talkoot.members.tests.factories import MemberFactory


@pytest.fixture
def action(community, member):
    return ActionFactory(community=community, started_by=member, title="Shopping for Hilja")


@pytest.fixture
def task(action):
    return TaskFactory(action=action, title="Carry the Tuesday bags")


@pytest.fixture
def application(community, newcomer, member, steward):
    """The newcomer's pending application to the private persona `community`."""
    return Application.objects.create(
        community=community, applicant=newcomer, answers=[{"question": "Why?", "answer": "My neighbour told me."}]
    )


@pytest.fixture
def stewardship(community, steward):
    """The steward becomes one in earnest: from now on only stewards decide on applications."""
    Membership.objects.filter(community=community, member=steward).update(is_steward=True)


@pytest.fixture
def public_community(db):
    community = CommunityFactory(
        name="Espoo Coffee Mornings", slug="espoo-coffee", visibility=Visibility.PUBLIC, join_policy=JoinPolicy.OPEN
    )
    MembershipFactory(community=community, member=MemberFactory(display_name="Helmi Founder"))
    return community


@pytest.fixture
def about():
    """The target of a conversation, as `member` reaches it."""

    def make(viewer, community, kind: str = "community", target_id: int = 0):
        return target_for(viewer, community.slug, kind, target_id)

    return make

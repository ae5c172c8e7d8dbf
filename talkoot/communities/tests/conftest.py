"""Fixtures of the communities app, on top of the shared personas in the root conftest.py.

The persona `community` is private and takes members by application; most features are
seen from a public community too, so here are public ones of both join policies.
"""

import pytest

from talkoot.communities.models import Application, JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import MemberFactory


@pytest.fixture
def founder(db):
    return MemberFactory(display_name="Helmi Founder", email="helmi@example.org", municipality="Espoo")


@pytest.fixture
def open_community(founder):
    """Public, open to everyone; `founder` is its only member."""
    community = CommunityFactory(
        name="Espoo Coffee Mornings",
        slug="espoo-coffee",
        municipality="Espoo",
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
        created_by=founder,
    )
    MembershipFactory(community=community, member=founder)
    return community


@pytest.fixture
def application_community(founder):
    """Public, by application with two questions; `founder` is its only member."""
    community = CommunityFactory(
        name="Tampere Walking Friends",
        slug="tampere-walking",
        municipality="Tampere",
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.APPLICATION,
        application_questions=["Why would you like to join?", "Which days suit you?"],
        created_by=founder,
    )
    MembershipFactory(community=community, member=founder)
    return community


@pytest.fixture
def pending_application(application_community, newcomer):
    """The newcomer's application to the public application community, waiting for a decision."""
    return Application.objects.create(
        community=application_community,
        applicant=newcomer,
        answers=[
            {"question": "Why would you like to join?", "answer": "I moved here last spring."},
            {"question": "Which days suit you?", "answer": "Tuesdays"},
        ],
    )


@pytest.fixture
def private_application(community, newcomer, member, steward):
    """An application to the private persona `community` (made before it turned private)."""
    return Application.objects.create(
        community=community,
        applicant=newcomer,
        answers=[{"question": "Why would you like to join?", "answer": "My neighbour told me."}],
    )

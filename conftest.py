"""Personas shared by every test: who is acting decides what they may see.

- `community`: a private community that asks for applications (the hardest case for access).
- `steward`: a long-standing member of `community` (stewardship proper comes with shared power).
- `member`: an ordinary member of `community`.
- `newcomer`: signed up and confirmed, belongs to no community yet.
- `outsider`: a member of another community only.
- `anonymous`: nobody signed in.
"""

import pytest
from django.test import Client

from talkoot.communities.models import JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def community(db):
    return CommunityFactory(
        name="Kallio Seniors Together",
        slug="kallio-seniors",
        visibility=Visibility.PRIVATE,
        join_policy=JoinPolicy.APPLICATION,
        application_questions=["Why would you like to join?"],
    )


@pytest.fixture
def other_community(db):
    return CommunityFactory(name="Vuosaari Neighbours", slug="vuosaari", visibility=Visibility.PRIVATE)


@pytest.fixture
def steward(community):
    member = MemberFactory(display_name="Aino Virtanen", email="aino@example.org")
    MembershipFactory(community=community, member=member)
    return member


@pytest.fixture
def member(community):
    member = MemberFactory(display_name="Eino Laine", email="eino@example.org")
    MembershipFactory(community=community, member=member)
    return member


@pytest.fixture
def newcomer(db):
    return MemberFactory(display_name="Saara Nieminen", email="saara@example.org")


@pytest.fixture
def outsider(other_community):
    member = MemberFactory(display_name="Olli Outsider", email="olli@example.org")
    MembershipFactory(community=other_community, member=member)
    return member


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def client_for():
    """A client signed in as the given persona (or anonymous for None)."""

    def make(persona, *, enforce_csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if persona is not None:
            client.force_login(persona)
        return client

    return make

"""Hilja, a member without a device of her own, and Eino (`member`) as her agreed companion."""

import pytest

from talkoot.communities.tests.factories import MembershipFactory
from talkoot.companions.services import companion_agree, companion_ask
from talkoot.members.tests.factories import MemberFactory


@pytest.fixture
def elder(community):
    person = MemberFactory(display_name="Hilja Heikkinen")
    MembershipFactory(community=community, member=person)
    return person


@pytest.fixture
def link(community, elder, member):
    """`member` (Eino) is the agreed companion of `elder` (Hilja)."""
    asked = companion_ask(asked_by=elder, member=elder, companion=member, community=community)
    return companion_agree(agreer=member, companionship=asked)

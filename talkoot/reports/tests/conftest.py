import pytest

from talkoot.communities.models import Membership


@pytest.fixture
def a_steward(community, steward):
    """`steward` (Aino), trusted enough to be one."""
    Membership.objects.filter(community=community, member=steward).update(is_steward=True)
    return steward

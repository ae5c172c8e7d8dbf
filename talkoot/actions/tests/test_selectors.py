import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from talkoot.actions.models import ActionVisibility
from talkoot.actions.selectors import action_for, task_for
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_member_reads_an_action_of_their_community(member, community):
    action = ActionFactory(community=community)
    assert action_for(member, community, action.pk) == action


@pytest.mark.parametrize("persona_name", ["outsider", "newcomer"])
def test_action_of_a_private_community_is_404_from_outside(persona_name, request, community):
    action = ActionFactory(community=community, visibility=ActionVisibility.PUBLIC)
    with pytest.raises(Http404):
        action_for(request.getfixturevalue(persona_name), community, action.pk)
    with pytest.raises(Http404):
        action_for(AnonymousUser(), community, action.pk)


def test_public_action_of_a_public_community_is_readable_by_anyone():
    public = CommunityFactory(visibility=Visibility.PUBLIC)
    action = ActionFactory(community=public, visibility=ActionVisibility.PUBLIC)
    assert action_for(AnonymousUser(), public, action.pk) == action
    community_only = ActionFactory(community=public)
    with pytest.raises(Http404):
        action_for(AnonymousUser(), public, community_only.pk)


@pytest.mark.parametrize("bad_id", ["abc", "", None, 10**30, -1])
def test_malformed_ids_are_404(member, community, bad_id):
    with pytest.raises(Http404):
        action_for(member, community, bad_id)
    with pytest.raises(Http404):
        task_for(member, community, bad_id)


def test_another_communitys_action_id_is_404_even_for_its_members(member, community, outsider, other_community):
    theirs = ActionFactory(community=other_community)
    with pytest.raises(Http404):
        action_for(member, community, theirs.pk)
    with pytest.raises(Http404):
        action_for(outsider, community, theirs.pk)  # right person, wrong community in the URL
    task = TaskFactory(action=theirs)
    with pytest.raises(Http404):
        task_for(member, community, task.pk)

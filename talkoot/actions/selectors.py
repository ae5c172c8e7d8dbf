"""Reads for actions and tasks, and the one access door to each."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from talkoot.actions.models import Action, ActionVisibility, Task
from talkoot.communities.models import Membership, Visibility


def actions_visible_to(member) -> QuerySet[Action]:
    """Actions whose page this person may read.

    Public actions of public communities are readable by anyone; everything else only by the
    members of the action's community. (A public action inside a private community stays
    private: the community's privacy wins.)
    """
    readable_by_anyone = Q(visibility=ActionVisibility.PUBLIC, community__visibility=Visibility.PUBLIC)
    if member is None or not member.is_authenticated:
        return Action.objects.filter(readable_by_anyone)
    is_member = Exists(Membership.objects.active().filter(community_id=OuterRef("community_id"), member=member))
    return Action.objects.filter(readable_by_anyone | Q(is_member))


def action_for(member, community, action_id) -> Action:
    """The action, or the same 404 whether it is missing, in another community or not readable."""
    try:
        return (
            actions_visible_to(member)
            .select_related("community", "started_by")
            .get(pk=int(action_id), community=community)
        )
    except (Action.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def task_for(member, community, task_id) -> Task:
    """The task, through the same door as its action."""
    try:
        task = Task.objects.select_related("action__community").get(pk=int(task_id), action__community=community)
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    action_for(member, community, task.action_id)
    return task

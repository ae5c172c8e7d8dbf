"""Access-matrix rows of the actions router (talkoot/api/tests/harness.py).

`world.community` is private: its actions, tasks and claims answer 404 to the outsider and, on the
endpoints open to visitors, to the visitor too. The rows marked `public` use a public community
that none of the callers belongs to: its public actions are readable by everyone, and only its
members may start actions or add tasks there (403, a rule of the community).
"""

from talkoot.actions.models import ActionParticipant, ActionVisibility
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.api.tests.harness import Case
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory

SLUG = "kallio-seniors"  # conftest's `community`


def _action(world):
    return ActionFactory(community=world.community)


def _action_taken_part_in(world):
    action = ActionFactory(community=world.community)
    ActionParticipant.objects.create(action=action, member=world.member)
    return action


def _public_action(world):
    community = CommunityFactory(visibility=Visibility.PUBLIC, slug="open-doors")
    return ActionFactory(community=community, visibility=ActionVisibility.PUBLIC)


def _task(world):
    return TaskFactory(action__community=world.community, effort_minutes=90)


def _full_task(world):
    return TaskFactory(action__community=world.community, slots=1, taken=1)


def _public_task(world):
    return TaskFactory(action=_public_action(world))


def _claim(world):
    task = TaskFactory(action__community=world.community, taken=1)
    return ClaimFactory(task=task, member=world.member)


CASES = [
    # Actions
    Case("actions_list", "GET", f"/communities/{SLUG}/actions", anonymous=404),
    Case(
        "actions_list",
        "GET",
        lambda action: f"/communities/{action.community.slug}/actions",
        setup=_public_action,
        outsider=200,
        anonymous=200,
        note="public",
    ),
    Case("action_start", "POST", f"/communities/{SLUG}/actions", body={"title": "Shopping help"}, member=201),
    Case(
        "action_start",
        "POST",
        lambda action: f"/communities/{action.community.slug}/actions",
        body={"title": "Shopping help"},
        setup=_public_action,
        member=403,
        outsider=403,
        note="public, not a member",
    ),
    Case("action_need_help", "POST", f"/communities/{SLUG}/needs", body={"what": "Carry my shopping"}, member=201),
    Case(
        "action_detail",
        "GET",
        lambda action: f"/communities/{SLUG}/actions/{action.pk}",
        setup=_action,
        anonymous=404,
    ),
    Case(
        "action_detail",
        "GET",
        lambda action: f"/communities/{action.community.slug}/actions/{action.pk}",
        setup=_public_action,
        outsider=200,
        anonymous=200,
        note="public",
    ),
    Case(
        "action_move_stage",
        "POST",
        lambda action: f"/communities/{SLUG}/actions/{action.pk}/stage",
        body={"stage": "design", "from_stage": "initiate"},
        setup=_action_taken_part_in,
    ),
    Case(
        "action_move_stage",
        "POST",
        lambda action: f"/communities/{SLUG}/actions/{action.pk}/stage",
        body={"stage": "design", "from_stage": "initiate"},
        setup=_action,
        member=403,
        note="not taking part",
    ),
    # Tasks
    Case("tasks_list", "GET", f"/communities/{SLUG}/tasks", setup=_task, anonymous=404),
    Case(
        "tasks_list",
        "GET",
        lambda task: f"/communities/{task.action.community.slug}/tasks",
        setup=_public_task,
        outsider=200,
        anonymous=200,
        note="public",
    ),
    Case("tasks_for_you", "GET", "/tasks/for-you", setup=_task, outsider=200),
    Case(
        "task_detail",
        "GET",
        lambda task: f"/communities/{SLUG}/tasks/{task.pk}",
        setup=_task,
        anonymous=404,
    ),
    Case(
        "task_create",
        "POST",
        lambda action: f"/communities/{SLUG}/actions/{action.pk}/tasks",
        body={"title": "Carry the bags upstairs", "effort_minutes": 30},
        setup=_action,
        member=201,
    ),
    Case(
        "task_create",
        "POST",
        lambda action: f"/communities/{action.community.slug}/actions/{action.pk}/tasks",
        body={"title": "Carry the bags upstairs", "effort_minutes": 30},
        setup=_public_action,
        member=403,
        outsider=403,
        note="public, not a member",
    ),
    Case(
        "task_split",
        "POST",
        lambda task: f"/communities/{SLUG}/tasks/{task.pk}/split",
        body={"parts": 2, "seen_effort_minutes": 90},
        setup=_task,
        member=201,
    ),
    Case(
        "task_claim",
        "POST",
        lambda task: f"/communities/{SLUG}/tasks/{task.pk}/claim",
        setup=_task,
        member=201,
    ),
    Case(
        "task_claim",
        "POST",
        lambda task: f"/communities/{SLUG}/tasks/{task.pk}/claim",
        setup=_full_task,
        member=409,
        note="full",
    ),
    Case(
        "task_claim",
        "POST",
        lambda task: f"/communities/{task.action.community.slug}/tasks/{task.pk}/claim",
        setup=_public_task,
        member=201,
        outsider=201,
        note="public action, anyone signed in",
    ),
    # Claims
    Case(
        "claim_withdraw",
        "POST",
        lambda claim: f"/communities/{SLUG}/claims/{claim.pk}/withdraw",
        setup=_claim,
    ),
    Case(
        "claim_done",
        "POST",
        lambda claim: f"/communities/{SLUG}/claims/{claim.pk}/done",
        body={"actual_minutes": 40, "category": "household"},
        setup=_claim,
    ),
]

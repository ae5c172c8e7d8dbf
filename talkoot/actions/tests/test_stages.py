from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.actions import services
from talkoot.actions.models import Action, Stage
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(member, community):
    return services.action_start(starter=member, community=community, title="Snow clearing rota")


def test_participant_moves_action_forward_and_history_records_it(member, action):
    moved = services.action_move_stage(mover=member, action=action, to_stage=Stage.DESIGN)
    assert moved.stage == Stage.DESIGN
    entry = HistoryEntry.objects.get(kind=HistoryKind.ACTION_STAGE_MOVED)
    assert (entry.actor, entry.detail["from"], entry.detail["to"]) == (member, "initiate", "design")


def test_non_participant_cannot_move_the_stage(steward, action):
    with pytest.raises(ApplicationError, match="taking part"):
        services.action_move_stage(mover=steward, action=action, to_stage=Stage.DESIGN)


def test_moving_back_needs_a_reason(member, action):
    services.action_move_stage(mover=member, action=action, to_stage=Stage.DESIGN)
    with pytest.raises(ApplicationError, match="why"):
        services.action_move_stage(mover=member, action=action, to_stage=Stage.INITIATE)
    back = services.action_move_stage(mover=member, action=action, to_stage=Stage.INITIATE, reason="Need more ideas")
    assert back.stage == Stage.INITIATE


def test_stages_cannot_be_skipped(member, action):
    with pytest.raises(ApplicationError, match="one stage at a time"):
        services.action_move_stage(mover=member, action=action, to_stage=Stage.DELIVER)


def test_a_stale_page_cannot_move_the_stage_twice(member, action):
    stale_copy = Action.objects.get(pk=action.pk)
    services.action_move_stage(mover=member, action=action, to_stage=Stage.DESIGN)
    with pytest.raises(ApplicationError, match="just moved this action to Design"):
        services.action_move_stage(mover=member, action=stale_copy, to_stage=Stage.DESIGN)
    assert HistoryEntry.objects.filter(kind=HistoryKind.ACTION_STAGE_MOVED).count() == 1


def test_action_in_assess_closes_itself_after_fourteen_days(action):
    Action.objects.filter(pk=action.pk).update(
        stage=Stage.ASSESS, assess_started_at=timezone.now() - timedelta(days=15)
    )
    assert services.actions_close_assessed() == 1
    action.refresh_from_db()
    assert action.stage == Stage.CLOSED
    assert services.actions_close_assessed() == 0

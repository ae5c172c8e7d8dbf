"""The open work of a community as columns: read once, read again the moment it changes."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from talkoot.actions import open_work
from talkoot.actions.models import Action, ActionVisibility, Stage, Task
from talkoot.actions.ranking import tasks_for_you
from talkoot.actions.services import action_move_stage, action_start, task_claim
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.models import Community


def fresh(community) -> Community:
    """The community as the next request reads it (with its current work version)."""
    return Community.objects.get(pk=community.pk)


@pytest.fixture
def work_task(community):
    return TaskFactory(action=ActionFactory(community=community), title="Carry the shopping", slots=2)


def test_columns_are_kept_while_nothing_changes(community, work_task):
    first = open_work.open_work(fresh(community))

    assert open_work.open_work(fresh(community)) is first
    assert first.task_id.tolist() == [work_task.pk]


def test_a_claim_in_another_process_is_seen_at_once(community, work_task, member):
    before = open_work.open_work(fresh(community))
    # Another process claims: its writes reach this process only through the database, so the
    # signals that forget the columns here do not fire.
    with transaction.atomic():
        Task.objects.filter(pk=work_task.pk).update(taken=2)
        open_work.work_changed(community.pk)

    after = open_work.open_work(fresh(community))

    assert after is not before
    assert after.task_id.tolist() == []


def test_services_move_the_work_version(community, work_task, member):
    version = fresh(community).work_version
    task_claim(member=member, task=work_task)
    assert fresh(community).work_version == version + 1

    action_move_stage(mover=member, action=work_task.action, to_stage=Stage.DESIGN)
    assert fresh(community).work_version == version + 2


def test_a_task_taken_since_the_columns_were_read_is_not_offered(community, work_task, member):
    other = TaskFactory(action=work_task.action, title="Water the plants")
    assert {task.title for task in tasks_for_you(member, fresh(community))} == {
        "Carry the shopping",
        "Water the plants",
    }
    # Taken by a write that neither moved the version nor passed through this process's ORM saves.
    Task.objects.filter(pk=other.pk).update(taken=1, slots=1)

    page = tasks_for_you(member, fresh(community))

    assert [task.title for task in page] == ["Carry the shopping"]


def test_past_is_decided_at_each_request_not_when_the_columns_were_read(community, member):
    soon = timezone.now() + timedelta(minutes=5)
    TaskFactory(action=ActionFactory(community=community), title="Soon", starts_at=soon)
    assert [task.title for task in tasks_for_you(member, fresh(community))] == ["Soon"]

    later = tasks_for_you(member, fresh(community), now=soon + timedelta(minutes=1))

    assert list(later) == []


def test_old_columns_are_read_again(community, work_task, monkeypatch):
    first = open_work.open_work(fresh(community))
    monkeypatch.setattr(open_work, "MAX_AGE", 0.0)

    assert open_work.open_work(fresh(community)) is not first


def test_actions_by_stage_are_kept_until_another_process_starts_or_moves_one(community, member):
    ActionFactory(community=community, title="Shopping rota", stage=Stage.DESIGN)
    first = open_work.actions_by_stage(fresh(community), members=True)
    assert open_work.actions_by_stage(fresh(community), members=True) is first
    assert first.counts == {Stage.DESIGN: 1}

    # Another process starts an action: only the version reaches this one.
    with transaction.atomic():
        Action.objects.bulk_create([Action(community=community, title="Chair exercise", stage=Stage.INITIATE)])
        open_work.work_changed(community.pk)
    after = open_work.actions_by_stage(fresh(community), members=True)

    assert after.counts == {Stage.DESIGN: 1, Stage.INITIATE: 1}
    assert [title for _pk, title in after.newest[Stage.INITIATE]] == ["Chair exercise"]


def test_starting_an_action_moves_the_work_version(community, member):
    version = fresh(community).work_version

    action_start(starter=member, community=community, title="Reading circle")

    assert fresh(community).work_version == version + 1


def test_visitors_count_only_public_actions(community):
    ActionFactory(community=community, title="Inside", visibility=ActionVisibility.COMMUNITY)
    ActionFactory(community=community, title="Open to all", visibility=ActionVisibility.PUBLIC)

    public = open_work.actions_by_stage(fresh(community), members=False)

    assert sum(public.counts.values()) == 1
    assert [title for rows in public.newest.values() for _pk, title in rows] == ["Open to all"]

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from talkoot.actions import services
from talkoot.actions.models import ActionVisibility, ClaimStatus, Stage, Task
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_any_member_starts_an_action_and_takes_part_in_it(member, community):
    action = services.action_start(starter=member, community=community, title="  Coffee   on Thursdays ")
    assert action.title == "Coffee on Thursdays"
    assert action.stage == Stage.INITIATE
    assert action.participants.filter(member=member).exists()


def test_an_outsider_cannot_start_an_action_in_another_community(outsider, community):
    with pytest.raises(ApplicationError, match="Only members"):
        services.action_start(starter=outsider, community=community, title="Take over")


def test_action_for_a_person_without_an_account_names_them(member, community):
    action = services.action_start(
        starter=member, community=community, title="Visits", beneficiary_names=["Mrs Lindholm"]
    )
    beneficiary = action.beneficiaries.get()
    assert (beneficiary.name, beneficiary.represented_by) == ("Mrs Lindholm", member)


@pytest.mark.parametrize(("effort", "slots"), [(0, 1), (-5, 1), (100_000, 1), (30, 0), (30, 101)])
def test_task_create_rejects_effort_and_slots_out_of_range(member, community, effort, slots):
    action = ActionFactory(community=community)
    with pytest.raises(ApplicationError):
        services.task_create(creator=member, action=action, title="Walk", effort_minutes=effort, slots=slots)


def test_task_create_rejects_an_end_before_the_start_and_a_past_deadline(member, community):
    action = ActionFactory(community=community)
    now = timezone.now()
    with pytest.raises(ApplicationError, match="after the start"):
        services.task_create(
            creator=member,
            action=action,
            title="Walk",
            effort_minutes=30,
            starts_at=now + timedelta(hours=2),
            ends_at=now + timedelta(hours=1),
        )
    with pytest.raises(ApplicationError, match="already past"):
        services.task_create(
            creator=member, action=action, title="Walk", effort_minutes=30, deadline=now - timedelta(days=1)
        )


def test_database_refuses_more_claims_than_slots(community):
    task = TaskFactory(action__community=community, slots=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(taken=2)


def test_claim_takes_a_slot_and_makes_the_member_a_participant(member, community):
    task = TaskFactory(action__community=community, slots=2)
    claim = services.task_claim(member=member, task=task)
    task.refresh_from_db()
    assert (claim.status, task.taken) == (ClaimStatus.ACTIVE, 1)
    assert task.action.participants.filter(member=member).exists()


def test_claim_rejects_a_second_claim_by_the_same_member(member, community):
    task = TaskFactory(action__community=community, slots=3)
    services.task_claim(member=member, task=task)
    with pytest.raises(ApplicationError, match="already taken on"):
        services.task_claim(member=member, task=task)
    task.refresh_from_db()
    assert task.taken == 1


def test_claim_rejects_full_task(member, steward, community):
    task = TaskFactory(action__community=community, slots=1)
    services.task_claim(member=steward, task=task)
    with pytest.raises(ApplicationError, match="just taken"):
        services.task_claim(member=member, task=task)


def test_claim_rejects_cancelled_and_past_tasks(member, community):
    cancelled = TaskFactory(action__community=community, cancelled_at=timezone.now())
    past = TaskFactory(action__community=community, deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ApplicationError, match="cancelled"):
        services.task_claim(member=member, task=cancelled)
    with pytest.raises(ApplicationError, match="past"):
        services.task_claim(member=member, task=past)


def test_outsider_cannot_claim_a_community_only_task_but_may_claim_a_public_one(outsider, community):
    private_task = TaskFactory(action__community=community)
    public_task = TaskFactory(action__community=community, action__visibility=ActionVisibility.PUBLIC)
    with pytest.raises(ApplicationError, match="Only members"):
        services.task_claim(member=outsider, task=private_task)
    assert services.task_claim(member=outsider, task=public_task).member == outsider


def test_withdrawing_gives_the_slot_back_and_marks_late_withdrawals_gently(member, community):
    task = TaskFactory(action__community=community, starts_at=timezone.now() + timedelta(hours=3))
    claim = services.task_claim(member=member, task=task)
    withdrawn = services.claim_withdraw(member=member, claim=claim)
    task.refresh_from_db()
    assert (withdrawn.status, withdrawn.late, task.taken) == (ClaimStatus.WITHDRAWN, True, 0)
    assert services.task_claim(member=member, task=task).status == ClaimStatus.ACTIVE


def test_withdrawing_someone_elses_claim_is_refused(member, steward, community):
    claim = services.task_claim(member=steward, task=TaskFactory(action__community=community))
    with pytest.raises(ApplicationError, match="your own"):
        services.claim_withdraw(member=member, claim=claim)


def test_split_replaces_a_task_by_equal_parts_and_keeps_its_claims(member, community):
    task = TaskFactory(action=ActionFactory(community=community), effort_minutes=200, slots=2, title="Rake leaves")
    claim = services.task_claim(member=member, task=task)
    parts = services.task_split(member=member, task=task, parts=3)
    assert [(p.title, p.effort_minutes) for p in parts] == [
        ("Rake leaves (1/3)", 67),
        ("Rake leaves (2/3)", 67),
        ("Rake leaves (3/3)", 66),
    ]
    assert sum(p.effort_minutes for p in parts) == 200
    claim.refresh_from_db()
    assert claim.task_id == task.pk == parts[0].pk
    assert {p.split_from_id for p in parts[1:]} == {task.pk}


@pytest.mark.parametrize("parts", [0, 1, 11])
def test_split_refuses_a_number_of_parts_out_of_range(member, community, parts):
    task = TaskFactory(action=ActionFactory(community=community), effort_minutes=200)
    with pytest.raises(ApplicationError, match="2 to 10"):
        services.task_split(member=member, task=task, parts=parts)


def test_split_by_an_outsider_is_refused(outsider, community):
    task = TaskFactory(action=ActionFactory(community=community), effort_minutes=200)
    with pytest.raises(ApplicationError, match="Only members"):
        services.task_split(member=outsider, task=task, parts=2)


def test_task_status_is_derived_from_claims_and_dates(member, steward, community):
    from talkoot.actions.models import TaskStatus

    now = timezone.now()
    action = ActionFactory(community=community)
    open_task = TaskFactory(action=action, slots=2)
    assert open_task.status_at(now) == TaskStatus.OPEN
    services.task_claim(member=member, task=open_task)
    services.task_claim(member=steward, task=open_task)
    open_task.refresh_from_db()
    assert open_task.status_at(now) == TaskStatus.FULL
    for claim in open_task.claims.all():
        services.claim_mark_done(member=claim.member, claim=claim)
    assert Task.objects.with_done_claims().get(pk=open_task.pk).status_at(now) == TaskStatus.DONE
    past = TaskFactory(action=action, deadline=now - timedelta(hours=1))
    assert past.status_at(now) == TaskStatus.PAST
    cancelled = TaskFactory(action=action, cancelled_at=now)
    assert cancelled.status_at(now) == TaskStatus.CANCELLED


def test_only_people_taking_part_cancel_a_task(member, steward, community):
    action = services.action_start(starter=member, community=community, title="Garden day")
    task = TaskFactory(action=action)
    with pytest.raises(ApplicationError, match="Only people taking part"):
        services.task_cancel(member=steward, task=task)
    services.task_cancel(member=member, task=task)
    task.refresh_from_db()
    assert task.cancelled_at is not None
    with pytest.raises(ApplicationError, match="cancelled"):
        services.task_claim(member=steward, task=task)


def test_no_new_tasks_on_a_closed_action(member, community):
    action = ActionFactory(community=community, stage=Stage.CLOSED)
    with pytest.raises(ApplicationError, match="closed"):
        services.task_create(creator=member, action=action, title="Late idea", effort_minutes=30)

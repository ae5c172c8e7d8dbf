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

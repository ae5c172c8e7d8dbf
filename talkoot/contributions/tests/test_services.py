from datetime import timedelta

import pytest
from django.utils import timezone

from talkoot.actions import services as action_services
from talkoot.actions.models import Action, ClaimStatus, Stage
from talkoot.actions.tests.factories import TaskFactory
from talkoot.contributions import services
from talkoot.contributions.models import Contribution
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(steward, member, community):
    """Aino (steward persona) needs help; Eino (member) takes part."""
    return action_services.action_start(
        starter=steward, community=community, title="Shopping for Aino", beneficiary_members=[steward]
    )


def test_marking_a_claim_done_records_a_contribution_to_the_beneficiary(member, steward, community, action):
    task = TaskFactory(action=action, effort_minutes=40)
    claim = action_services.task_claim(member=member, task=task)
    contribution = action_services.claim_mark_done(member=member, claim=claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DONE
    assert (contribution.minutes, contribution.contributor, contribution.task) == (40, member, task)
    assert [b.member for b in contribution.beneficiaries.all()] == [steward]


def test_marking_done_a_claim_you_do_not_hold_is_refused(member, steward, community, action):
    claim = action_services.task_claim(member=steward, task=TaskFactory(action=action))
    with pytest.raises(ApplicationError, match="your own"):
        action_services.claim_mark_done(member=member, claim=claim)


def test_a_gift_to_the_commons_has_no_beneficiary(member, community):
    contribution = services.contribution_record(
        contributor=member, community=community, minutes=90, category="organising", note="Drafted the rota"
    )
    assert contribution.to_the_commons


@pytest.mark.parametrize("minutes", [0, -1, 100_000])
def test_contribution_rejects_impossible_minutes(member, community, minutes):
    with pytest.raises(ApplicationError, match="minutes"):
        services.contribution_record(contributor=member, community=community, minutes=minutes)


def test_outsider_cannot_record_help_in_another_community(outsider, community):
    with pytest.raises(ApplicationError, match="Only members"):
        services.contribution_record(contributor=outsider, community=community, minutes=30)


def test_contributor_edits_within_seven_days_and_history_keeps_the_change(member, community):
    contribution = services.contribution_record(contributor=member, community=community, minutes=30)
    services.contribution_edit(editor=member, contribution=contribution, minutes=45, category="care", note="")
    entry = HistoryEntry.objects.get(kind=HistoryKind.CONTRIBUTION_EDITED)
    assert (entry.detail["before"]["minutes"], entry.detail["after"]["minutes"]) == (30, 45)
    Contribution.objects.filter(pk=contribution.pk).update(created_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ApplicationError, match="7 days"):
        services.contribution_withdraw(editor=member, contribution=contribution)


def test_only_the_contributor_may_withdraw(member, steward, community):
    contribution = services.contribution_record(contributor=member, community=community, minutes=30)
    with pytest.raises(ApplicationError, match="Only the person"):
        services.contribution_withdraw(editor=steward, contribution=contribution)


def test_thanks_once_never_to_oneself(member, steward, community):
    contribution = services.contribution_record(contributor=member, community=community, minutes=30)
    with pytest.raises(ApplicationError, match="thank yourself"):
        services.thanks_give(member=member, contribution=contribution)
    services.thanks_give(member=steward, contribution=contribution, message="Kiitos!")
    with pytest.raises(ApplicationError, match="already thanked"):
        services.thanks_give(member=steward, contribution=contribution)
    assert contribution.thanks.count() == 1


def test_thanks_from_another_community_is_refused(outsider, member, community):
    contribution = services.contribution_record(contributor=member, community=community, minutes=30)
    with pytest.raises(ApplicationError, match="Only members"):
        services.thanks_give(member=outsider, contribution=contribution)


def _to_assess(action):
    Action.objects.filter(pk=action.pk).update(stage=Stage.ASSESS, assess_started_at=timezone.now())
    action.refresh_from_db()


def test_beneficiary_assesses_once_and_may_change_it(steward, action):
    _to_assess(action)
    services.assessment_submit(assessor=steward, action=action, value_in_use=4, difference="I got my groceries")
    again = services.assessment_submit(assessor=steward, action=action, value_in_use=5)
    assert (action.assessments.count(), again.value_in_use) == (1, 5)


@pytest.mark.parametrize("score", [0, 6])
def test_assessment_score_must_be_one_to_five(steward, action, score):
    _to_assess(action)
    with pytest.raises(ApplicationError, match="1 to 5"):
        services.assessment_submit(assessor=steward, action=action, value_in_use=score)


def test_assessing_an_action_you_did_not_take_part_in_is_refused(member, action):
    _to_assess(action)
    with pytest.raises(ApplicationError, match="Only the people"):
        services.assessment_submit(assessor=member, action=action, value_in_use=3)


def test_answer_recorded_on_behalf_of_a_person_without_an_account(member, community):
    action = action_services.action_start(
        starter=member, community=community, title="Visits", beneficiary_names=["Mrs Lindholm"]
    )
    _to_assess(action)
    beneficiary = action.beneficiaries.get()
    assessment = services.assessment_submit(
        assessor=member, action=action, value_in_use=5, on_behalf_of=beneficiary, difference="Less lonely"
    )
    assert assessment.on_behalf_of == beneficiary
    # The member's own assessment is separate from the one recorded on someone's behalf.
    services.assessment_submit(assessor=member, action=action, value_in_use=4)
    assert action.assessments.count() == 2

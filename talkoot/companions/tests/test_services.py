"""Companions: both agree, either ends it, and every act for someone keeps both names."""

import pytest
from django.utils import timezone

from talkoot.actions.models import Action, Claim, Stage
from talkoot.actions.services import action_need_help, claim_withdraw, task_claim
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.services import membership_leave
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.companions.models import Companionship
from talkoot.companions.services import companion_agree, companion_ask, companion_end
from talkoot.contributions.models import Assessment, Thanks
from talkoot.contributions.services import assessment_submit, thanks_give
from talkoot.contributions.tests.factories import ContributionBeneficiaryFactory, ContributionFactory
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind

pytestmark = pytest.mark.django_db


def kinds(community) -> list[str]:
    return list(HistoryEntry.objects.filter(community=community).order_by("id").values_list("kind", flat=True))


def test_a_companion_starts_only_when_the_other_agrees(community, elder, member):
    asked = companion_ask(asked_by=member, member=elder, companion=member, community=community)
    assert asked.agreed_at is None
    with pytest.raises(ApplicationError, match="not the companion"):
        task_claim(member=elder, task=TaskFactory(action=ActionFactory(community=community)), by_companion=member)
    with pytest.raises(ApplicationError, match="Only the person who was asked"):
        companion_agree(agreer=member, companionship=asked)

    companion_agree(agreer=elder, companionship=asked)

    assert Companionship.objects.standing().filter(member=elder, companion=member).exists()
    entry = HistoryEntry.objects.get(kind=HistoryKind.COMPANION_AGREED)
    assert (entry.actor, entry.subject) == (member, elder)


def test_naming_yourself_or_a_non_member_is_refused(community, member, outsider):
    with pytest.raises(ApplicationError, match="your own companion"):
        companion_ask(asked_by=member, member=member, companion=member, community=community)
    with pytest.raises(ApplicationError, match="not a member"):
        companion_ask(asked_by=member, member=member, companion=outsider, community=community)


def test_asking_twice_is_refused_while_the_first_stands(community, elder, member):
    companion_ask(asked_by=elder, member=elder, companion=member, community=community)
    with pytest.raises(ApplicationError, match="asked already"):
        companion_ask(asked_by=member, member=elder, companion=member, community=community)
    assert Companionship.objects.count() == 1


def test_a_companion_asks_for_help_for_the_member(community, elder, member, link):
    action = action_need_help(member=elder, community=community, what="Shopping on Friday", by_companion=member)

    assert action.started_by == elder and action.by_companion == member
    assert list(action.beneficiaries.values_list("member", flat=True)) == [elder.pk]
    entry = HistoryEntry.objects.get(kind=HistoryKind.COMPANION_ACTED)
    assert (entry.actor, entry.subject, entry.detail) == (member, elder, {"act": "need", "title": "Shopping on Friday"})


def test_a_companion_claims_and_gives_back_for_the_member(community, elder, member, link):
    task = TaskFactory(action=ActionFactory(community=community), title="Water the plants")

    claim = task_claim(member=elder, task=task, by_companion=member)
    assert (claim.member, claim.by_companion) == (elder, member)
    task.refresh_from_db()
    assert task.taken == 1

    claim_withdraw(member=elder, claim=claim, by_companion=member)
    task.refresh_from_db()
    assert task.taken == 0
    acts = HistoryEntry.objects.filter(kind=HistoryKind.COMPANION_ACTED).order_by("id")
    assert [entry.detail["act"] for entry in acts] == ["claim", "withdraw"]


def test_a_companion_thanks_once_for_the_member_who_keeps_their_one_thanks(community, elder, member, steward, link):
    contribution = ContributionFactory(community=community, contributor=steward)
    ContributionBeneficiaryFactory(contribution=contribution, member=elder)

    thanks_give(member=elder, contribution=contribution, message="Kiitos", by_companion=member)

    thanks = Thanks.objects.get()
    assert (thanks.member, thanks.by_companion) == (elder, member)
    with pytest.raises(ApplicationError, match="Hilja Heikkinen has already thanked"):
        thanks_give(member=elder, contribution=contribution, by_companion=member)
    with pytest.raises(ApplicationError, match="already thanked"):
        thanks_give(member=elder, contribution=contribution)


def test_a_companion_records_the_assessment_of_the_member(community, elder, member, link):
    action = ActionFactory(community=community, stage=Stage.ASSESS, assess_started_at=timezone.now())
    action.beneficiaries.create(member=elder)

    assessment_submit(assessor=elder, action=action, value_in_use=5, by_companion=member)

    assessment = Assessment.objects.get()
    assert (assessment.assessor, assessment.by_companion, assessment.value_in_use) == (elder, member, 5)
    # Hilja changing it herself later leaves it hers alone.
    assessment_submit(assessor=elder, action=action, value_in_use=4)
    assessment.refresh_from_db()
    assert (assessment.by_companion, assessment.value_in_use) == (None, 4)


def test_ending_the_link_stops_the_acts_and_is_on_record(community, elder, member, link):
    companion_end(ender=elder, companionship=link)

    with pytest.raises(ApplicationError, match="not the companion"):
        action_need_help(member=elder, community=community, what="Shopping", by_companion=member)
    assert not Action.objects.exists()
    with pytest.raises(ApplicationError, match="ended already"):
        companion_end(ender=member, companionship=link)
    assert kinds(community)[-1] == HistoryKind.COMPANION_ENDED


def test_a_declined_request_leaves_no_history(community, elder, member):
    asked = companion_ask(asked_by=member, member=elder, companion=member, community=community)
    companion_end(ender=elder, companionship=asked)
    assert HistoryKind.COMPANION_ENDED not in kinds(community)


def test_only_the_two_can_end_it(community, elder, member, steward, link):
    with pytest.raises(ApplicationError, match="Only the two"):
        companion_end(ender=steward, companionship=link)


def test_leaving_the_community_ends_every_link(community, elder, member, link):
    membership_leave(member=member, community=community)

    assert not Companionship.objects.live().exists()
    with pytest.raises(ApplicationError):
        task_claim(member=elder, task=TaskFactory(action=ActionFactory(community=community)), by_companion=member)
    assert not Claim.objects.exists()


def test_a_companion_in_one_community_cannot_act_in_another(community, other_community, elder, member, link):
    MembershipFactory(community=other_community, member=elder)
    MembershipFactory(community=other_community, member=member)
    task = TaskFactory(action=ActionFactory(community=other_community))
    with pytest.raises(ApplicationError, match="not the companion"):
        task_claim(member=elder, task=task, by_companion=member)

"""Reports: members report; stewards hide at once, then dismiss, keep hidden or propose a removal."""

import pytest

from talkoot.actions.models import Action, Task
from talkoot.actions.open_work import open_tasks
from talkoot.actions.services import task_claim
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory
from talkoot.proposals.models import ProposalKind
from talkoot.reports.models import Report, ReportStatus
from talkoot.reports.services import (
    report_dismiss,
    report_hide,
    report_keep_hidden,
    report_make,
    report_propose_removal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(community):
    person = MemberFactory(display_name="Pekka Puupää")
    MembershipFactory(community=community, member=person)
    return person


@pytest.fixture
def action(community, author):
    return ActionFactory(community=community, started_by=author, title="Buy my miracle pills")


def test_a_member_reports_an_action_and_a_steward_hides_it_at_once(community, member, a_steward, action):
    task = TaskFactory(action=action)
    report = report_make(reporter=member, community=community, action=action, reason="Selling things to elders")

    report_hide(steward=a_steward, report=report)

    action.refresh_from_db()
    assert action.hidden_at is not None
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.hidden_at is not None
    assert not open_tasks(community.pk, now=action.created_at).filter(pk=task.pk).exists()
    with pytest.raises(ApplicationError, match="hidden by the stewards"):
        task_claim(member=member, task=task)
    entry = HistoryEntry.objects.get(kind=HistoryKind.CONTENT_HIDDEN)
    assert (entry.actor, entry.detail["target"]) == (a_steward, "action")


def test_dismissing_shows_it_again(community, member, a_steward, action):
    report = report_make(reporter=member, community=community, action=action, reason="Looks odd")
    report_hide(steward=a_steward, report=report)

    report_dismiss(steward=a_steward, report=report)

    action.refresh_from_db()
    assert action.hidden_at is None
    assert Report.objects.get().status == ReportStatus.DISMISSED
    assert HistoryEntry.objects.filter(kind=HistoryKind.CONTENT_RESTORED).count() == 1
    with pytest.raises(ApplicationError, match="decided on this report"):
        report_hide(steward=a_steward, report=report)


def test_keeping_a_task_hidden_hides_it_if_it_was_not(community, member, a_steward, action):
    task = TaskFactory(action=action)
    report = report_make(reporter=member, community=community, task=task, reason="Rude words")

    report_keep_hidden(steward=a_steward, report=report)

    assert Task.objects.get(pk=task.pk).hidden_at is not None
    assert Action.objects.get(pk=action.pk).hidden_at is None
    assert Report.objects.get().status == ReportStatus.KEPT_HIDDEN


def test_a_steward_proposes_to_remove_the_author(community, member, a_steward, author, action):
    report = report_make(reporter=member, community=community, action=action, reason="Scam")

    proposal = report_propose_removal(steward=a_steward, report=report, text="Pekka sells pills to us.")

    assert (proposal.kind, proposal.change) == (ProposalKind.REMOVAL, {"member": author.pk})
    report.refresh_from_db()
    assert (report.status, report.proposal) == (ReportStatus.REMOVAL_PROPOSED, proposal)


def test_only_stewards_decide_once_there_are_stewards(community, member, a_steward, action):
    report = report_make(reporter=member, community=community, action=action, reason="Scam")
    with pytest.raises(ApplicationError, match="Only stewards"):
        report_hide(steward=member, report=report)


def test_while_there_are_no_stewards_any_member_decides(community, member, steward, action):
    report = report_make(reporter=steward, community=community, action=action, reason="Scam")
    report_hide(steward=member, report=report)
    assert Action.objects.get(pk=action.pk).hidden_at is not None


def test_a_steward_does_not_decide_on_a_report_about_themselves(community, member, a_steward):
    report = report_make(reporter=member, community=community, member=a_steward, reason="Bossy")
    with pytest.raises(ApplicationError, match="about you"):
        report_dismiss(steward=a_steward, report=report)


def test_a_member_is_not_hidden(community, member, a_steward, author):
    report = report_make(reporter=member, community=community, member=author, reason="Shouts at people")
    with pytest.raises(ApplicationError, match="cannot be hidden"):
        report_hide(steward=a_steward, report=report)


def test_bad_reports_are_refused(community, other_community, member, action):
    with pytest.raises(ApplicationError) as empty:
        report_make(reporter=member, community=community, action=action, reason="   ")
    assert empty.value.field == "reason"
    with pytest.raises(ApplicationError, match="report yourself"):
        report_make(reporter=member, community=community, member=member, reason="I am awful")
    elsewhere = ActionFactory(community=other_community)
    with pytest.raises(ApplicationError, match="not part of"):
        report_make(reporter=member, community=community, action=elsewhere, reason="Scam")
    with pytest.raises(ApplicationError):
        report_make(reporter=member, community=community, action=action, reason="x" * 1001)
    report_make(reporter=member, community=community, action=action, reason="Scam")
    with pytest.raises(ApplicationError, match="reported this already"):
        report_make(reporter=member, community=community, action=action, reason="Scam again")
    assert Report.objects.count() == 1


def test_an_outsider_cannot_report(community, outsider, action):
    with pytest.raises(ApplicationError, match="Only members"):
        report_make(reporter=outsider, community=community, action=action, reason="Scam")

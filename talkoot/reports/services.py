"""Writes for reports: make one; stewards hide, dismiss, keep hidden or propose a removal.

Each steward's decision locks the report's row, so two stewards pressing at once decide once.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import Action, Task
from talkoot.actions.open_work import work_changed
from talkoot.communities.models import Community, Membership
from talkoot.conversations.models import Message
from talkoot.core.errors import ApplicationError
from talkoot.core.text import clean_text
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member
from talkoot.notifications import events
from talkoot.proposals.models import Proposal, ProposalKind
from talkoot.proposals.services import proposal_create
from talkoot.reports.access import may_act_on_reports
from talkoot.reports.models import REASON_MAX_LENGTH, Report, ReportStatus, ReportTarget


@transaction.atomic
def report_make(
    *,
    reporter: Member,
    community: Community,
    reason: str,
    action: Action | None = None,
    task: Task | None = None,
    member: Member | None = None,
    message: Message | None = None,
) -> Report:
    """A member reports one action, task, message or member of their community to its stewards."""
    if not Membership.objects.active().filter(community=community, member=reporter).exists():
        raise ApplicationError(_("Only members of %(community)s can report there.") % {"community": community.name})
    reason = clean_text(reason, max_length=REASON_MAX_LENGTH, field="reason", required=True)
    if sum(target is not None for target in (action, task, member, message)) != 1:
        raise ApplicationError(_("Please choose what you report."), field="about")
    if action is not None:
        target = ReportTarget.ACTION
        in_community = action.community_id == community.pk
    elif task is not None:
        target = ReportTarget.TASK
        in_community = task.action.community_id == community.pk
    elif message is not None:
        target = ReportTarget.MESSAGE
        if message.author_id == reporter.pk:
            raise ApplicationError(_("This is your own message: you can remove it yourself."))
        in_community = message.conversation.community_id == community.pk
    else:
        assert member is not None  # noqa: S101 - one of the three, checked above
        target = ReportTarget.MEMBER
        if member.pk == reporter.pk:
            raise ApplicationError(_("You cannot report yourself."))
        in_community = Membership.objects.active().filter(community=community, member=member).exists()
    if not in_community:
        raise ApplicationError(_("This is not part of %(community)s.") % {"community": community.name})
    try:
        with transaction.atomic():
            return Report.objects.create(
                community=community,
                reporter=reporter,
                target=target,
                action=action,
                task=task,
                member=member,
                message=message,
                reason=reason,
            )
    except IntegrityError:
        raise ApplicationError(_("You reported this already; the stewards will look at it.")) from None


def author_of(report: Report) -> Member | None:
    """Whom the report is about: the member reported, or who started the action or added the task."""
    if report.target == ReportTarget.MEMBER:
        return report.member
    if report.target == ReportTarget.ACTION:
        return report.action.started_by if report.action else None
    if report.target == ReportTarget.MESSAGE:
        return report.message.author if report.message else None
    return report.task.created_by if report.task else None


def _open_for(steward: Member, report: Report) -> Report:
    """The report, locked, if it is still open and `steward` may decide it."""
    locked = (
        Report.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer-joined rows
        .select_related("community", "action", "task__action", "member", "message")
        .get(pk=report.pk)
    )
    if not may_act_on_reports(steward, locked.community):
        raise ApplicationError(_("Only stewards decide on reports."))
    about = author_of(locked)
    if about is not None and about.pk == steward.pk:
        raise ApplicationError(_("This report is about you: the other stewards decide on it."))
    if locked.status != ReportStatus.OPEN:
        raise ApplicationError(_("Another steward decided on this report a moment ago."))
    return locked


def _content_model(report: Report):
    return {ReportTarget.ACTION: Action, ReportTarget.TASK: Task, ReportTarget.MESSAGE: Message}[
        ReportTarget(report.target)
    ]


def _set_hidden(report: Report, hidden: bool) -> None:
    content = report.content
    assert content is not None  # noqa: S101 - only actions and tasks are hidden
    _content_model(report).objects.filter(pk=content.pk).update(hidden_at=timezone.now() if hidden else None)
    community_id = report.community_id
    work_changed(community_id)  # 'For you' and the community page leave out what is hidden


@transaction.atomic
def report_hide(*, steward: Member, report: Report) -> Report:
    """Hide the reported action or task at once, while the stewards decide."""
    locked = _open_for(steward, report)
    if not locked.hideable:
        raise ApplicationError(_("A member cannot be hidden; dismiss the report or propose a removal."))
    if locked.hidden_at is not None:
        raise ApplicationError(_("It is hidden already."))
    _set_hidden(locked, True)
    locked.hidden_at = timezone.now()
    locked.save(update_fields=["hidden_at"])
    history_record(
        community=locked.community,
        kind=HistoryKind.CONTENT_HIDDEN,
        actor=steward,
        subject=author_of(locked),
        detail={"target": locked.target, "report": locked.pk},
    )
    return locked


def _decide(locked: Report, steward: Member, status: str) -> Report:
    locked.status, locked.decided_by, locked.decided_at = status, steward, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "proposal"])
    events.report_decided(locked)
    return locked


@transaction.atomic
def report_dismiss(*, steward: Member, report: Report) -> Report:
    """Nothing needed doing: anything hidden for this report is shown again."""
    locked = _open_for(steward, report)
    if locked.hidden_at is not None:
        _set_hidden(locked, False)
        history_record(
            community=locked.community,
            kind=HistoryKind.CONTENT_RESTORED,
            actor=steward,
            subject=author_of(locked),
            detail={"target": locked.target, "report": locked.pk},
        )
    return _decide(locked, steward, ReportStatus.DISMISSED)


@transaction.atomic
def report_keep_hidden(*, steward: Member, report: Report) -> Report:
    """The reported action or task stays hidden for good (it is hidden now if it was not)."""
    locked = _open_for(steward, report)
    if not locked.hideable:
        raise ApplicationError(_("A member cannot be hidden; dismiss the report or propose a removal."))
    if locked.hidden_at is None:
        report_hide(steward=steward, report=locked)
        locked.refresh_from_db()
    return _decide(locked, steward, ReportStatus.KEPT_HIDDEN)


@transaction.atomic
def report_propose_removal(*, steward: Member, report: Report, text: str) -> Proposal:
    """Start a consent proposal to remove the member the report is about; the members decide."""
    locked = _open_for(steward, report)
    about = author_of(locked)
    if about is None:
        raise ApplicationError(_("The person who wrote this has left; there is nobody to remove."))
    proposal = proposal_create(
        author=steward,
        community=locked.community,
        kind=ProposalKind.REMOVAL,
        text=text,
        change={"member": about.pk},
    )
    locked.proposal = proposal
    _decide(locked, steward, ReportStatus.REMOVAL_PROPOSED)
    return proposal

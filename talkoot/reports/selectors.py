"""Reads for reports: the stewards' list, the reporter's own, and the door to one report."""

from dataclasses import dataclass

from django.http import Http404

from talkoot.actions.models import Action, Task
from talkoot.actions.selectors import action_for
from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import community_member_for
from talkoot.conversations.models import Message
from talkoot.members.models import Member
from talkoot.reports.access import may_act_on_reports
from talkoot.reports.models import Report, ReportStatus

MINE_SHOWN = 20
DECIDED_SHOWN = 20


def _members_only(viewer, community) -> None:
    # Reports are the community's own business: outside it they do not exist (404, not 403).
    if not (viewer is not None and viewer.is_authenticated and viewer_is_member(viewer, community)):
        raise Http404


def _with_targets(reports):
    return reports.select_related(
        "reporter",
        "action",
        "task__action",
        "member",
        "message__author",
        "message__conversation",
        "decided_by",
        "proposal",
    )


@dataclass
class ReportLists:
    may_decide: bool
    open: list[Report]  # for those who decide
    decided: list[Report]  # recently decided, for those who decide
    mine: list[Report]  # the viewer's own reports and what became of them


def reports_of(viewer, community) -> ReportLists:
    """Four queries at most, whatever the number of reports."""
    _members_only(viewer, community)
    in_community = _with_targets(Report.objects.filter(community=community))
    may_decide = may_act_on_reports(viewer, community)
    return ReportLists(
        may_decide=may_decide,
        open=list(in_community.filter(status=ReportStatus.OPEN).order_by("created_at", "id")) if may_decide else [],
        decided=(
            list(in_community.exclude(status=ReportStatus.OPEN).order_by("-decided_at", "-id")[:DECIDED_SHOWN])
            if may_decide
            else []
        ),
        mine=list(in_community.filter(reporter=viewer).order_by("-created_at", "-id")[:MINE_SHOWN]),
    )


def report_for(viewer, community, report_id) -> Report:
    """A report of the community for someone who decides on reports, else the same 404."""
    _members_only(viewer, community)
    if not may_act_on_reports(viewer, community):
        raise Http404
    try:
        return Report.objects.select_related("community").get(pk=int(report_id), community=community)
    except (Report.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


@dataclass
class ReportSubject:
    """What the report form is about: an action (with its tasks to choose from) or a member."""

    action: Action | None = None
    tasks: list[Task] | None = None
    member: Member | None = None
    message: Message | None = None


def _message_in(community, message_id) -> Message:
    """A message members of the community can read (not an application's), or 404."""
    try:
        return (
            Message.objects.select_related("author", "conversation")
            .exclude(conversation__about="application")
            .get(pk=int(message_id), conversation__community=community, deleted_at__isnull=True)
        )
    except (Message.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def report_subject(viewer, community, *, action_id=None, member_id=None, message_id=None) -> ReportSubject | None:
    """The action or member named in the form's address (404 if not in the community, None if
    none is named); for members of the community only."""
    _members_only(viewer, community)
    if action_id:
        action = action_for(viewer, community, action_id)
        tasks = list(action.tasks.filter(cancelled_at__isnull=True).only("id", "title", "action_id").order_by("id"))
        return ReportSubject(action=action, tasks=tasks)
    if member_id:
        return ReportSubject(member=community_member_for(community, member_id))
    if message_id:
        return ReportSubject(message=_message_in(community, message_id))
    return None

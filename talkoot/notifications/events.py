"""What each change tells whom: one function per event, called by the service that makes the change,
inside its transaction. Only people who may see the thing are told (members of its community)."""

from django.urls import reverse

from talkoot.members.models import Member
from talkoot.notifications.models import NotificationKind
from talkoot.notifications.services import notify
from talkoot.notifications.texts import excerpt

NEAR_YOU_LIMIT = 30  # a need is told to at most this many neighbours


def _members_of(community, *, exclude_ids=()):
    return Member.objects.filter(
        is_active=True, memberships__community=community, memberships__left_at__isnull=True
    ).exclude(pk__in=list(exclude_ids))


def _action_url(action, anchor: str = "") -> str:
    url = reverse("actions:detail", args=[action.community.slug, action.pk])
    return f"{url}#{anchor}" if anchor else url


def application_decided(application, *, community, decider, accepted: bool) -> None:
    notify(
        recipients=[Member.objects.get(pk=application.applicant_id)],
        kind=NotificationKind.APPLICATION_DECIDED,
        community=community,
        actor=decider,
        detail={"community": community.name, "accepted": accepted},
        url=reverse("communities:detail", args=[community.slug]),
    )


def trust_received(*, truster, trusted, community) -> None:
    notify(
        recipients=[trusted],
        kind=NotificationKind.TRUST_RECEIVED,
        community=community,
        actor=truster,
        url=reverse("contributions:story", args=[community.slug, trusted.pk]),
    )


def stewardship_changed(*, community, gained: list[int], lost: list[int]) -> None:
    for ids, did_gain in ((gained, True), (lost, False)):
        if ids:
            notify(
                recipients=Member.objects.filter(pk__in=ids),
                kind=NotificationKind.STEWARD_CHANGED,
                community=community,
                detail={"community": community.name, "gained": did_gain},
                url=reverse("communities:history", args=[community.slug]) + "?kind=trust",
            )


def task_claimed(*, task, claimant, withdrew: bool) -> None:
    """Tell who started the action that someone took on (or gave back) one of its tasks."""
    action = task.action
    if action.started_by_id is None:
        return
    notify(
        recipients=[action.started_by],  # the doors bring it along with the action
        kind=NotificationKind.TASK_CLAIMED,
        community=action.community,
        actor=claimant,
        detail={"task": task.title, "withdrew": withdrew},
        url=_action_url(action, f"task-{task.pk}"),
    )


def task_changed(*, task, by, cancelled: bool) -> None:
    """Tell those who took the task on that it changed or was cancelled."""
    from talkoot.actions.models import ClaimStatus

    claimants = Member.objects.filter(claims__task=task, claims__status=ClaimStatus.ACTIVE)
    notify(
        recipients=claimants,
        kind=NotificationKind.TASK_CHANGED,
        community=task.action.community,
        actor=by,
        detail={"task": task.title, "cancelled": cancelled},
        url=_action_url(task.action, f"task-{task.pk}"),
    )


def gathering_cancelled(*, occurrence, by) -> None:
    """Tell those who answered "coming" or "maybe" that a time of a gathering is off."""
    from talkoot.gatherings.models import Answer

    action = occurrence.gathering.action
    answered = Member.objects.filter(
        pk__in=occurrence.attendances.filter(answer__in=[Answer.COMING, Answer.MAYBE]).values("member_id")
    )
    notify(
        recipients=answered,
        kind=NotificationKind.GATHERING_CANCELLED,
        community=action.community,
        actor=by,
        detail={"title": action.title, "starts": occurrence.starts_at.isoformat()},
        url=reverse("gatherings:time", args=[action.community.slug, occurrence.pk]),
    )


def gathering_reminder(*, attendance) -> int:
    """Remind one member who answered "coming" of a time of a gathering, once (its `once_key`)."""
    occurrence = attendance.occurrence
    gathering = occurrence.gathering
    action = gathering.action
    return len(
        notify(
            recipients=[attendance.member],
            kind=NotificationKind.GATHERING_REMINDER,
            community=action.community,
            # Whether it meets by video, never the link itself: detail rows are shown in lists and e-mails.
            detail={
                "title": action.title,
                "starts": occurrence.starts_at.isoformat(),
                "place": action.place,
                "video": bool(gathering.video_url),
            },
            url=reverse("gatherings:time", args=[action.community.slug, occurrence.pk]),
            once_key=f"gathering-reminder-{attendance.pk}",
        )
    )


def thanks_received(*, thanks, contribution) -> None:
    notify(
        recipients=[Member.objects.get(pk=contribution.contributor_id)],
        kind=NotificationKind.THANKS_RECEIVED,
        community=contribution.community,
        actor=Member.objects.get(pk=thanks.member_id),
        detail={"message": thanks.message},
        url=reverse("contributions:story", args=[contribution.community.slug, contribution.contributor_id]),
    )


def _proposal_url(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.community.slug, proposal.pk])


def proposal_opened(proposal) -> None:
    notify(
        recipients=_members_of(proposal.community),
        kind=NotificationKind.PROPOSAL_OPENED,
        community=proposal.community,
        actor=proposal.author,
        detail={"text": excerpt(proposal.text)},
        url=_proposal_url(proposal),
    )


def proposal_amended(proposal) -> None:
    """Tell those who responded (but the author) that the text they answered changed."""
    from talkoot.proposals.models import Response

    answered = Response.objects.filter(proposal=proposal).values("member_id")
    responders = Member.objects.filter(pk__in=answered).exclude(pk=proposal.author_id)
    notify(
        recipients=responders,
        kind=NotificationKind.PROPOSAL_AMENDED,
        community=proposal.community,
        actor=proposal.author,
        detail={"text": excerpt(proposal.text)},
        url=_proposal_url(proposal),
    )


def proposal_decided(proposal, *, passed: bool) -> None:
    notify(
        recipients=_members_of(proposal.community),
        kind=NotificationKind.PROPOSAL_DECIDED,
        community=proposal.community,
        detail={"text": excerpt(proposal.text), "passed": passed},
        url=_proposal_url(proposal),
    )


def proposal_closing(proposal) -> None:
    """Members who have not responded, once per proposal, within a day of its close."""
    responded = proposal.responses.values_list("member_id", flat=True)
    notify(
        recipients=_members_of(proposal.community, exclude_ids=responded),
        kind=NotificationKind.PROPOSAL_CLOSING,
        community=proposal.community,
        detail={"text": excerpt(proposal.text)},
        url=_proposal_url(proposal),
        once_key=f"proposal-closing-{proposal.pk}",
    )


def assessment_requested(action) -> None:
    """The action entered *assess*: the members it was for and those who took part are asked."""
    from talkoot.actions.models import ActionBeneficiary, ActionParticipant

    ids = set(ActionParticipant.objects.filter(action=action).values_list("member_id", flat=True))
    ids |= set(
        ActionBeneficiary.objects.filter(action=action, member__isnull=False).values_list("member_id", flat=True)
    )
    notify(
        recipients=_members_of(action.community).filter(pk__in=ids),
        kind=NotificationKind.ASSESSMENT_REQUESTED,
        community=action.community,
        detail={"action": action.title},
        url=_action_url(action, "assessments"),
    )


def need_near_you(action, *, person, skills=()) -> None:
    """A need was posted: tell a few fellow members in the same postal area, not those away.

    When the need names a kind of help, only neighbours with a skill that fits it are told (and
    the notice says so); without one, the neighbours at hand."""
    from django.db.models import Q
    from django.utils import timezone

    if not person.postal_code:
        return
    near = (
        _members_of(action.community, exclude_ids=[person.pk])
        .filter(postal_code=person.postal_code)
        .filter(Q(away_until__isnull=True) | Q(away_until__lt=timezone.localdate()))
    )
    if skills:
        near = near.filter(skills__in=list(skills)).distinct()
    near = near.order_by("pk")[:NEAR_YOU_LIMIT]
    notify(
        recipients=near,
        kind=NotificationKind.NEED_NEAR_YOU,
        community=action.community,
        actor=person,
        detail={"what": action.title, "fits": bool(skills)},
        url=_action_url(action),
    )


def companion_event(companionship, *, event: str, by) -> None:
    """Asked (tell the one asked), agreed (tell the asker) or ended (tell the other)."""
    other = companionship.other_than(by.pk)
    notify(
        recipients=[Member.objects.get(pk=other)],
        kind=NotificationKind.COMPANION,
        community=companionship.community,
        actor=by,
        detail={"event": event},
        url=reverse("companions:list", args=[companionship.community.slug]),
    )


def report_decided(report) -> None:
    notify(
        recipients=[Member.objects.get(pk=report.reporter_id)],
        kind=NotificationKind.REPORT_DECIDED,
        community=report.community,
        detail={"status": report.status},
        url=reverse("reports:list", args=[report.community.slug]),
    )

"""Reads of gatherings: the doors, the coming times of a community, and one time's page.

Every read goes through the gathering's action door (`actions.selectors.action_for`): a private
community's gatherings answer 404 to everyone outside it, exactly as its actions do.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from talkoot.actions.models import ActionParticipant, ActionVisibility, Claim, ClaimStatus, Task
from talkoot.actions.selectors import action_for
from talkoot.communities.access import is_member
from talkoot.gatherings.models import Answer, Attendance, Gathering, Occurrence

UPCOMING_WEEKS = 4
UPCOMING_LIMIT = 60


def gathering_of(action) -> Gathering | None:
    """The gathering an action is, or None for an ordinary action (one query)."""
    return Gathering.objects.filter(action=action).first()


def occurrence_for(member, community, occurrence_id) -> Occurrence:
    """One time of a gathering, through its action's door: the same 404 for missing and forbidden."""
    try:
        occurrence = Occurrence.objects.select_related("gathering").get(
            pk=int(occurrence_id), gathering__action__community=community
        )
    except (Occurrence.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    action = action_for(member, community, occurrence.gathering.action_id)
    if action.hidden_at is not None:
        raise Http404
    occurrence.gathering.action = action
    return occurrence


def _with_my_answer(occurrences: QuerySet[Occurrence], viewer) -> QuerySet[Occurrence]:
    if not getattr(viewer, "is_authenticated", False):
        return occurrences
    mine = Attendance.objects.filter(occurrence=OuterRef("pk"), member=viewer).values("answer")[:1]
    return occurrences.annotate(my_answer=Subquery(mine))


def coming_times(community, viewer, *, now: datetime | None = None, weeks: int = UPCOMING_WEEKS) -> list[Occurrence]:
    """The community's gatherings in the next `weeks` weeks (and those going on now), soonest
    first, each with its gathering and action and the viewer's own answer: one query."""
    now = now or timezone.now()
    times = Occurrence.objects.filter(
        gathering__action__community=community,
        gathering__action__hidden_at__isnull=True,
        ends_at__gt=now,
        starts_at__lt=now + timedelta(weeks=weeks),
    ).select_related("gathering__action")
    if not is_member(viewer, community):
        times = times.filter(gathering__action__visibility=ActionVisibility.PUBLIC)
    return list(_with_my_answer(times, viewer).order_by("starts_at", "pk")[:UPCOMING_LIMIT])


def next_times(gathering: Gathering, viewer, *, now: datetime | None = None, limit: int = 6) -> list[Occurrence]:
    """The next times of one gathering, for its action's page."""
    now = now or timezone.now()
    times = gathering.occurrences.filter(ends_at__gt=now).order_by("starts_at", "pk")
    return list(_with_my_answer(times, viewer)[:limit])


@dataclass
class TimePage:
    """What one time's page shows."""

    occurrence: Occurrence
    my_answer: str | None
    coming: list[str]  # display names, for members only
    maybe: list[str]
    hosting: Sequence[Task]  # with `claimant_names` and `mine`
    attendance: list[Attendance]  # everyone who answered, with their member, for "who was there"
    takes_part: bool


def time_page(occurrence: Occurrence, viewer) -> TimePage:
    """One time: who is coming (names for members only), its hosting tasks with who took them on,
    and the viewer's own answer, in a fixed number of queries."""
    action = occurrence.gathering.action
    member_here = bool(getattr(action, "viewer_is_member", False))
    attendance = (
        list(Attendance.objects.filter(occurrence=occurrence).select_related("member").order_by("answered_at", "pk"))
        if member_here
        else []
    )
    my_answer = None
    if getattr(viewer, "is_authenticated", False):
        my_answer = next((row.answer for row in attendance if row.member_id == viewer.pk), None)
    active = Claim.objects.filter(status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE]).select_related("member")
    hosting = list(
        Task.objects.filter(
            Q(starts_at=occurrence.starts_at) | Q(series__isnull=True, starts_at__isnull=True),
            action=action,
            cancelled_at__isnull=True,
            hidden_at__isnull=True,
        )
        .prefetch_related(Prefetch("claims", queryset=active, to_attr="shown_claims"))
        .order_by("pk")
    )
    for task in hosting:
        task.claimant_names = [claim.member.display_name for claim in task.shown_claims]  # type: ignore[attr-defined]
        task.mine = any(claim.member_id == getattr(viewer, "pk", None) for claim in task.shown_claims)  # type: ignore[attr-defined]
    takes_part = member_here and ActionParticipant.objects.filter(action=action, member=viewer).exists()
    return TimePage(
        occurrence=occurrence,
        my_answer=my_answer,
        coming=[row.member.display_name for row in attendance if row.answer == Answer.COMING],
        maybe=[row.member.display_name for row in attendance if row.answer == Answer.MAYBE],
        hosting=hosting,
        attendance=attendance,
        takes_part=takes_part,
    )

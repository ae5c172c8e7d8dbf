"""Writes of gatherings: starting one, answering for a time, confirming who was there, the times ahead.

Who is coming is counted on the occurrence by one conditional UPDATE (`coming < capacity`), as a
claim takes a task's slot, so twenty people answering at once for the last three places give three
"coming" and seventeen clear refusals, on SQLite and on PostgreSQL.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import (
    MAX_EFFORT_MINUTES,
    MAX_SLOTS,
    Action,
    ActionParticipant,
    ActionVisibility,
    Stage,
    Task,
    TaskSeries,
)
from talkoot.actions.open_work import work_changed
from talkoot.actions.recurrence import series_create, series_stop
from talkoot.actions.rrules import Schedule, check_rule
from talkoot.actions.services import action_start, task_cancel, task_create
from talkoot.communities.models import Community, Membership
from talkoot.communities.services.rules import active_membership_exists
from talkoot.core.errors import ApplicationError
from talkoot.core.generation import generate_each_locked
from talkoot.gatherings.models import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MAX_WEEKS_AHEAD,
    MIN_DURATION_MINUTES,
    MIN_WEEKS_AHEAD,
    Answer,
    Attendance,
    Gathering,
    Occurrence,
)
from talkoot.members.models import Member
from talkoot.notifications import events

MAX_HOSTING_ROLES = 6
# A time can be answered for until it ends; attendance can be confirmed from its start for a month.
CONFIRM_WITHIN = timedelta(days=31)
# Those coming are reminded once, a day ahead; who answers later needs no reminder.
REMIND_BEFORE = timedelta(hours=24)


@dataclass(frozen=True)
class HostingRole:
    """Work that makes the gathering happen ("host", "bring coffee"): a task on each time."""

    title: str
    slots: int = 1


def _check_when(*, first_starts_at: datetime, duration_minutes: int, now: datetime) -> None:
    if first_starts_at < now:
        raise ApplicationError(_("The first time is already past."), field="first_starts_at")
    if not MIN_DURATION_MINUTES <= duration_minutes <= MAX_DURATION_MINUTES:
        raise ApplicationError(
            _("A gathering lasts between %(low)d and %(high)d minutes.")
            % {"low": MIN_DURATION_MINUTES, "high": MAX_DURATION_MINUTES},
            field="duration_minutes",
        )


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise ApplicationError(
            _("Places must be between 1 and %(limit)d, or left empty when there is room for everyone.")
            % {"limit": MAX_CAPACITY},
            field="capacity",
        )


def _check_video_url(video_url: str) -> str:
    video_url = (video_url or "").strip()
    if video_url and not video_url.lower().startswith("https://"):
        raise ApplicationError(
            _("The video meeting link must be a secure address that begins with https://."), field="video_url"
        )
    if len(video_url) > 500:
        raise ApplicationError(_("The video meeting link is too long."), field="video_url")
    return video_url


def _check_roles(roles: list[HostingRole]) -> None:
    if len(roles) > MAX_HOSTING_ROLES:
        raise ApplicationError(
            _("At most %(limit)d kinds of hosting work.") % {"limit": MAX_HOSTING_ROLES}, field="roles"
        )
    for role in roles:
        if not 1 <= role.slots <= MAX_SLOTS:
            raise ApplicationError(
                _("A task needs between 1 and %(limit)d people.") % {"limit": MAX_SLOTS}, field="roles"
            )


@transaction.atomic
def gathering_start(
    *,
    starter: Member,
    community: Community,
    title: str,
    first_starts_at: datetime,
    duration_minutes: int,
    description: str = "",
    place: str = "",
    video_url: str = "",
    capacity: int | None = None,
    rrule: str = "",
    weeks_ahead: int = 8,
    visibility: str = ActionVisibility.COMMUNITY,
    roles: list[HostingRole] | None = None,
) -> Gathering:
    """Any member starts a gathering: an action in *deliver* (it is happening), its times for the
    next `weeks_ahead` weeks at once, and a task (or a repeating task) for each hosting role."""
    now = timezone.now()
    first_starts_at = first_starts_at.replace(second=0, microsecond=0)
    _check_when(first_starts_at=first_starts_at, duration_minutes=duration_minutes, now=now)
    _check_capacity(capacity)
    video_url = _check_video_url(video_url)
    roles = roles or []
    _check_roles(roles)
    if not MIN_WEEKS_AHEAD <= weeks_ahead <= MAX_WEEKS_AHEAD:
        raise ApplicationError(
            _("Between %(low)d and %(high)d weeks ahead.") % {"low": MIN_WEEKS_AHEAD, "high": MAX_WEEKS_AHEAD},
            field="weeks_ahead",
        )
    rule = check_rule(rrule, first_starts_at, now=now).text if rrule.strip() else ""
    action = action_start(
        starter=starter,
        community=community,
        title=title,
        problem=description,
        visibility=visibility,
        place=place,
        starts_on=timezone.localdate(first_starts_at),
    )
    # Not a stage move (nobody moved it): a gathering is made to happen, so it starts in *deliver*.
    Action.objects.filter(pk=action.pk).update(stage=Stage.DELIVER)
    action.stage = Stage.DELIVER
    gathering = Gathering.objects.create(
        action=action,
        first_starts_at=first_starts_at,
        duration_minutes=duration_minutes,
        video_url=video_url,
        capacity=capacity,
        rrule=rule,
        weeks_ahead=weeks_ahead,
    )
    _generate(gathering, now=now)
    effort = min(duration_minutes, MAX_EFFORT_MINUTES)
    for role in roles:
        if rule:
            series_create(
                creator=starter,
                action=action,
                title=role.title,
                effort_minutes=effort,
                slots=role.slots,
                rrule=rule,
                first_starts_at=first_starts_at,
                weeks_ahead=weeks_ahead,
                place=action.place,
            )
        else:
            task_create(
                creator=starter,
                action=action,
                title=role.title,
                effort_minutes=effort,
                slots=role.slots,
                starts_at=first_starts_at,
                ends_at=first_starts_at + timedelta(minutes=duration_minutes),
                place=action.place,
            )
    return gathering


def _generate(gathering: Gathering, *, now: datetime) -> int:
    """Create the missing times: a one-off gathering its one time, a repeating one its times up to
    `weeks_ahead` weeks from now (a rule that never ends makes no more than that). Call inside
    atomic with the gathering locked (or just created); a time is never made twice."""
    if not gathering.rrule:
        if gathering.generated_until is not None:
            return 0
        moments, until = [gathering.first_starts_at], gathering.first_starts_at
    else:
        until = now + timedelta(weeks=gathering.weeks_ahead)
        start = max(gathering.generated_until or gathering.first_starts_at, now)
        moments = Schedule(gathering.rrule, gathering.first_starts_at).between(start, until) if start < until else []
    length = timedelta(minutes=gathering.duration_minutes)
    existing = set(gathering.occurrences.filter(starts_at__in=moments).values_list("starts_at", flat=True))
    made = Occurrence.objects.bulk_create(
        Occurrence(gathering=gathering, starts_at=moment, ends_at=moment + length, capacity=gathering.capacity)
        for moment in moments
        if moment not in existing
    )
    Gathering.objects.filter(pk=gathering.pk).update(generated_until=until)
    gathering.generated_until = until
    return len(made)


def occurrences_generate(*, now: datetime | None = None) -> int:
    """Create the missing times of every repeating gathering (hourly). Idempotent; overlapping runs
    queue on each gathering's row. Gatherings of closed actions, and stopped ones, rest."""
    now = now or timezone.now()
    return generate_each_locked(
        Gathering.objects.filter(stopped_at__isnull=True).exclude(rrule="").exclude(action__stage=Stage.CLOSED),
        is_due=lambda gathering: (
            gathering.generated_until is None
            or gathering.generated_until < now + timedelta(weeks=gathering.weeks_ahead)
        ),
        generate=lambda gathering: _generate(gathering, now=now),
    )


def _check_member_of(member: Member, community: Community) -> None:
    if not active_membership_exists(member=member, community=community):
        raise ApplicationError(
            _("Only members of %(community)s can answer.") % {"community": community},
            status=403,
            code="not_a_member",
        )


@transaction.atomic
def attendance_answer(*, member: Member, occurrence: Occurrence, answer: str) -> Attendance:
    """Answer coming, maybe or not coming for one time; a new answer replaces the old one.

    The member's answer row is locked first, so a double click counts once; a place is taken by
    the conditional UPDATE and given back when "coming" becomes something else.
    """
    if answer not in Answer.values:
        raise ApplicationError(_("Please choose one of the options."), field="answer")
    community = occurrence.gathering.action.community
    _check_member_of(member, community)
    now = timezone.now()
    if occurrence.cancelled_at is not None:
        raise ApplicationError(_("This time was cancelled."), code="cancelled")
    if occurrence.ends_at <= now:
        raise ApplicationError(_("This time is already past."), code="past")
    Attendance.objects.bulk_create(
        [Attendance(occurrence=occurrence, member=member, answer=Answer.NOT_COMING, answered_at=now)],
        ignore_conflicts=True,
    )
    # Locked: a second answer of the same member (a double click) waits and then sees this one.
    # A row made just above starts as "not coming": nothing to give back.
    mine = Attendance.objects.select_for_update().get(occurrence=occurrence, member=member)
    was_coming = mine.answer == Answer.COMING
    if answer == Answer.COMING and not was_coming:
        room = Q(capacity__isnull=True) | Q(coming__lt=F("capacity"))
        if not Occurrence.objects.filter(room, pk=occurrence.pk).update(coming=F("coming") + 1):
            raise ApplicationError(
                _("All places are taken for this time. You can answer “maybe”, or ask the host."), code="full"
            )
    elif was_coming and answer != Answer.COMING:
        Occurrence.objects.filter(pk=occurrence.pk, coming__gt=0).update(coming=F("coming") - 1)
    mine.answer, mine.answered_at = answer, now
    mine.save(update_fields=["answer", "answered_at"])
    return mine


@transaction.atomic
def attendance_confirm(*, member: Member, occurrence: Occurrence, present: set[int]) -> int:
    """Say who was there (anyone taking part in the gathering's action may). Those who answered and
    are in `present` were there, the others who answered were not; members in `present` who had
    not answered are added. Everyone there takes part in the action afterwards, so they can
    assess it and thank for it as for any action. Returns how many were there."""
    action = occurrence.gathering.action
    if not ActionParticipant.objects.filter(action=action, member=member).exists():
        raise ApplicationError(
            _("Only people taking part in this gathering can say who was there."), status=403, code="not_taking_part"
        )
    now = timezone.now()
    if occurrence.starts_at > now:
        raise ApplicationError(_("Who was there can be told once the gathering has begun."))
    if occurrence.starts_at < now - CONFIRM_WITHIN:
        raise ApplicationError(_("This time is too long ago to change who was there."))
    members_here = set(
        Member.objects.filter(
            pk__in=present, memberships__community=action.community, memberships__left_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if len(members_here) != len(set(present)):
        raise ApplicationError(_("Only members of the community can be marked as there."), field="present")
    answered = set(Attendance.objects.filter(occurrence=occurrence).values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(occurrence=occurrence, member_id=pk, answer=Answer.COMING, answered_at=now)
            for pk in members_here - answered
        ],
        ignore_conflicts=True,
    )
    rows = Attendance.objects.filter(occurrence=occurrence)
    rows.filter(member_id__in=members_here).update(attended=True)
    rows.exclude(member_id__in=members_here).update(attended=False)
    ActionParticipant.objects.bulk_create(
        [ActionParticipant(action=action, member_id=pk) for pk in members_here], ignore_conflicts=True
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(attendance_confirmed_at=now, attendance_confirmed_by=member)
    work_changed(action.community_id)
    return len(members_here)


def _check_takes_part(member: Member, action: Action, message: str) -> None:
    if not ActionParticipant.objects.filter(action=action, member=member).exists():
        raise ApplicationError(message, status=403, code="not_taking_part")


@transaction.atomic
def occurrence_cancel(*, member: Member, occurrence: Occurrence) -> Occurrence:
    """Call one time off (anyone taking part may): its hosting tasks are cancelled too, and those
    who answered "coming" or "maybe" are told at once. The other times stay."""
    action = occurrence.gathering.action
    _check_takes_part(member, action, _("Only people taking part in this gathering can cancel a time."))
    now = timezone.now()
    if occurrence.ends_at <= now:
        raise ApplicationError(_("This time is already past."), code="past")
    if not Occurrence.objects.filter(pk=occurrence.pk, cancelled_at__isnull=True).update(cancelled_at=now):
        raise ApplicationError(_("This time was cancelled."), code="cancelled")
    occurrence.cancelled_at = now
    hosting = Task.objects.filter(action=action, starts_at=occurrence.starts_at, cancelled_at__isnull=True)
    for task in hosting:
        task_cancel(member=member, task=task)  # those who took it on are told, as for any task
    events.gathering_cancelled(occurrence=occurrence, by=member)
    return occurrence


@transaction.atomic
def gathering_stop(*, member: Member, gathering: Gathering) -> Gathering:
    """Stop a repeating gathering: no new times, the coming ones are cancelled (and who answered
    told), its repeating hosting tasks stop. Past times stay, with who was there."""
    locked = Gathering.objects.select_for_update().select_related("action__community").get(pk=gathering.pk)
    _check_takes_part(member, locked.action, _("Only people taking part in this gathering can stop it."))
    if locked.stopped_at is not None:
        raise ApplicationError(_("This gathering has been stopped already."))
    now = timezone.now()
    Gathering.objects.filter(pk=locked.pk).update(stopped_at=now)
    locked.stopped_at = now
    for occurrence in locked.occurrences.filter(starts_at__gt=now, cancelled_at__isnull=True):
        occurrence.gathering = locked
        occurrence_cancel(member=member, occurrence=occurrence)
    for series in TaskSeries.objects.filter(action=locked.action, stopped_at__isnull=True):
        series_stop(member=member, series=series)
    return locked


def coming_remind(*, now: datetime | None = None) -> int:
    """Remind, once each, those who answered "coming" to a time starting within a day, if they
    are still members and the time still happens. Run every quarter of an hour."""
    now = now or timezone.now()
    still_member = Membership.objects.active().filter(
        community_id=OuterRef("occurrence__gathering__action__community_id"), member_id=OuterRef("member_id")
    )
    due = (
        Attendance.objects.filter(
            answer=Answer.COMING,
            occurrence__cancelled_at__isnull=True,
            occurrence__gathering__action__hidden_at__isnull=True,
            occurrence__starts_at__gt=now,
            occurrence__starts_at__lte=now + REMIND_BEFORE,
            answered_at__lt=F("occurrence__starts_at") - REMIND_BEFORE,
        )
        .filter(Exists(still_member))
        .select_related("member", "occurrence__gathering__action__community")
        .order_by("occurrence__starts_at", "pk")
    )
    reminded = 0
    for attendance in due:
        reminded += events.gathering_reminder(attendance=attendance)
    return reminded

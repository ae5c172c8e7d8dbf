"""Repeating tasks: the series services and the series' access door. The rule itself is in rrules.py.

Occurrences are ordinary tasks, created `weeks_ahead` weeks in advance by the hourly
`generate_occurrences` job.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import MAX_EFFORT_MINUTES, MAX_SLOTS, Action, Claim, Stage, Task, TaskSeries
from talkoot.actions.open_work import work_changed
from talkoot.actions.rrules import MAX_WEEKS_AHEAD, MIN_WEEKS_AHEAD, Schedule, check_rule
from talkoot.actions.selectors import action_for
from talkoot.communities.services.rules import active_membership_exists
from talkoot.core.errors import ApplicationError
from talkoot.core.generation import generate_each_locked
from talkoot.core.models import max_length_of
from talkoot.core.text import clean_text
from talkoot.members.models import Member, Skill

# --- Series ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SeriesFields:
    title: str
    description: str
    effort_minutes: int
    slots: int
    place: str
    weeks_ahead: int


def _check_fields(
    *, title: str, description: str, effort_minutes: int, slots: int, place: str, weeks_ahead: int
) -> _SeriesFields:
    if not 1 <= effort_minutes <= MAX_EFFORT_MINUTES:
        raise ApplicationError(
            _("The effort must be between 1 and %(limit)d minutes.") % {"limit": MAX_EFFORT_MINUTES},
            field="effort_minutes",
        )
    if not 1 <= slots <= MAX_SLOTS:
        raise ApplicationError(_("A task needs between 1 and %(limit)d people.") % {"limit": MAX_SLOTS}, field="slots")
    if not MIN_WEEKS_AHEAD <= weeks_ahead <= MAX_WEEKS_AHEAD:
        raise ApplicationError(
            _("Please choose between %(low)d and %(high)d weeks ahead.")
            % {"low": MIN_WEEKS_AHEAD, "high": MAX_WEEKS_AHEAD},
            field="weeks_ahead",
        )
    return _SeriesFields(
        title=clean_text(
            title, multiline=False, max_length=max_length_of(TaskSeries, "title"), field="title", required=True
        ),
        description=clean_text(description, max_length=max_length_of(TaskSeries, "description"), field="description"),
        effort_minutes=effort_minutes,
        slots=slots,
        place=clean_text(place, multiline=False, max_length=max_length_of(TaskSeries, "place"), field="place"),
        weeks_ahead=weeks_ahead,
    )


def _to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _check_member(member: Member, action: Action) -> None:
    if not active_membership_exists(member=member, community=action.community):
        raise ApplicationError(
            _("Only members of %(community)s can add or change repeating tasks.") % {"community": action.community}
        )


@transaction.atomic
def series_create(
    *,
    creator: Member,
    action: Action,
    title: str,
    effort_minutes: int,
    slots: int,
    rrule: str,
    first_starts_at: datetime,
    weeks_ahead: int = 4,
    description: str = "",
    place: str = "",
    skills: list[Skill] | None = None,
) -> TaskSeries:
    """Start a repeating task; its occurrences for the next `weeks_ahead` weeks exist at once."""
    _check_member(creator, action)
    if action.stage == Stage.CLOSED:
        raise ApplicationError(_("This action is closed."))
    fields = _check_fields(
        title=title,
        description=description,
        effort_minutes=effort_minutes,
        slots=slots,
        place=place,
        weeks_ahead=weeks_ahead,
    )
    now = timezone.now()
    first_starts_at = _to_the_minute(first_starts_at)
    if first_starts_at < now:
        raise ApplicationError(_("The first time is already past."), field="first_starts_at")
    rule = check_rule(rrule, first_starts_at, now=now)
    series = TaskSeries.objects.create(
        action=action,
        rrule=rule.text,
        first_starts_at=first_starts_at,
        created_by=creator,
        **vars(fields),
    )
    if skills:
        series.skills.set(skills)
    _generate(series, now=now)
    return series


def _unclaimed_future(series: TaskSeries, now: datetime):
    """Occurrences still to come that nobody has ever claimed: the ones a change of the series may touch."""
    return series.occurrences.filter(starts_at__gt=now, cancelled_at__isnull=True, taken=0).exclude(
        Exists(Claim.objects.filter(task=OuterRef("pk")))
    )


@transaction.atomic
def series_update(
    *,
    editor: Member,
    series: TaskSeries,
    title: str,
    effort_minutes: int,
    slots: int,
    rrule: str,
    first_starts_at: datetime,
    weeks_ahead: int,
    description: str = "",
    place: str = "",
    skills: list[Skill] | None = None,
) -> TaskSeries:
    """Change a series and its future occurrences that nobody has claimed.

    Past occurrences and the ones somebody claimed (even if they gave it back) stay as they are.
    If the rule or the time changed, unclaimed occurrences that no longer fit are removed and the
    missing ones created; the others are brought up to date in place.
    """
    locked = TaskSeries.objects.select_for_update().select_related("action__community").get(pk=series.pk)
    _check_member(editor, locked.action)
    if locked.stopped_at is not None:
        raise ApplicationError(_("This repeating task has been stopped."))
    fields = _check_fields(
        title=title,
        description=description,
        effort_minutes=effort_minutes,
        slots=slots,
        place=place,
        weeks_ahead=weeks_ahead,
    )
    now = timezone.now()
    first_starts_at = _to_the_minute(first_starts_at)
    if first_starts_at != locked.first_starts_at and first_starts_at < now:
        raise ApplicationError(_("The first time is already past."), field="first_starts_at")
    rule = check_rule(rrule, first_starts_at, now=now)
    for name, value in vars(fields).items():
        setattr(locked, name, value)
    locked.rrule, locked.first_starts_at = rule.text, first_starts_at
    horizon = now + timedelta(weeks=locked.weeks_ahead)
    wanted = set(Schedule(rule, first_starts_at).between(now, horizon))
    editable = _unclaimed_future(locked, now)
    editable.exclude(starts_at__in=wanted).delete()  # never claimed: nothing to keep
    kept = list(editable.filter(starts_at__in=wanted))
    for task in kept:
        task.title, task.description, task.place = locked.title, locked.description, locked.place
        task.effort_minutes, task.slots = locked.effort_minutes, locked.slots
        task.ends_at = task.starts_at + timedelta(minutes=locked.effort_minutes)
        task.updated_at = now
    Task.objects.bulk_update(
        kept, ["title", "description", "place", "effort_minutes", "slots", "ends_at", "updated_at"]
    )
    skill_ids = [skill.pk for skill in skills or []]
    locked.skills.set(skill_ids)
    through = Task.skills.through
    through.objects.filter(task__in=kept).delete()
    through.objects.bulk_create([through(task_id=task.pk, skill_id=skill) for task in kept for skill in skill_ids])
    # Generation continues from now with the new rule, up to the new horizon.
    locked.generated_until = now
    locked.save()
    _generate(locked, now=now)
    work_changed(locked.action.community_id)
    return locked


@transaction.atomic
def series_stop(*, member: Member, series: TaskSeries) -> TaskSeries:
    """Stop a series: no new occurrences, the future ones nobody holds are cancelled.

    Past occurrences and the ones somebody has taken on stay, with their claims.
    """
    locked = TaskSeries.objects.select_for_update().select_related("action__community").get(pk=series.pk)
    _check_member(member, locked.action)
    if locked.stopped_at is not None:
        raise ApplicationError(_("This repeating task has already been stopped."))
    now = timezone.now()
    locked.stopped_at = now
    locked.save(update_fields=["stopped_at", "updated_at"])
    _stoppable(locked, now).update(cancelled_at=now, updated_at=now)
    work_changed(locked.action.community_id)
    return locked


def _stoppable(series: TaskSeries, now: datetime):
    """Occurrences still to come that nobody holds: stopping the series cancels them."""
    return series.occurrences.filter(starts_at__gt=now, cancelled_at__isnull=True, taken=0)


def series_cancellable_count(series: TaskSeries, *, now: datetime | None = None) -> int:
    """How many coming times stopping the series would cancel (for the page that asks first)."""
    return _stoppable(series, now or timezone.now()).count()


def _generate(series: TaskSeries, *, now: datetime) -> int:
    """Create the missing occurrences of a series up to `weeks_ahead` weeks from now.

    Call inside atomic with the series row locked (or just created): two runs for one series then
    queue, and the second finds the tasks of the first. The unique (series, starts_at) constraint
    is the last line of defence. Existing occurrences, cancelled ones too, are never recreated.
    """
    horizon = now + timedelta(weeks=series.weeks_ahead)
    start = max(series.generated_until or series.first_starts_at, now)
    if start >= horizon:
        return 0
    moments = Schedule(series.rrule, series.first_starts_at).between(start, horizon)
    existing = set(
        series.occurrences.filter(starts_at__gte=start, starts_at__lt=horizon).values_list("starts_at", flat=True)
    )
    created = Task.objects.bulk_create(
        [
            Task(
                action_id=series.action_id,
                series=series,
                title=series.title,
                description=series.description,
                effort_minutes=series.effort_minutes,
                slots=series.slots,
                place=series.place,
                starts_at=moment,
                ends_at=moment + timedelta(minutes=series.effort_minutes),
                created_by_id=series.created_by_id,
            )
            for moment in moments
            if moment not in existing
        ]
    )
    skill_ids = list(series.skills.values_list("pk", flat=True))
    through = Task.skills.through
    through.objects.bulk_create([through(task_id=task.pk, skill_id=skill) for task in created for skill in skill_ids])
    TaskSeries.objects.filter(pk=series.pk).update(generated_until=horizon)
    series.generated_until = horizon
    if created:
        work_changed(series.action.community_id)
    return len(created)


def occurrences_generate(*, now: datetime | None = None) -> int:
    """Create the missing occurrences of every running series; returns how many. Run hourly.

    Idempotent, and safe when two runs overlap: each series is done in its own transaction with
    its row locked. Series of closed actions rest.
    """
    now = now or timezone.now()
    return generate_each_locked(
        TaskSeries.objects.filter(stopped_at__isnull=True).exclude(action__stage=Stage.CLOSED),
        is_due=lambda series: (
            series.generated_until is None or series.generated_until < now + timedelta(weeks=series.weeks_ahead)
        ),
        generate=lambda series: _generate(series, now=now),
    )


# --- The access door -----------------------------------------------------------------------------


def series_for(member, community, series_id) -> TaskSeries:
    """The series, through the same door (and the same 404) as its action."""
    try:
        series = TaskSeries.objects.select_related("action__community").get(
            pk=int(series_id), action__community=community
        )
    except (TaskSeries.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    series.action = action_for(member, community, series.action_id)
    return series

"""Rotas: starting and stopping them, generating their duties and tasks, reminding the team on duty."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import Action, Stage, Task
from talkoot.actions.open_work import work_changed
from talkoot.actions.rrules import MAX_WEEKS_AHEAD, MIN_WEEKS_AHEAD, Schedule, check_rule
from talkoot.actions.services import action_start
from talkoot.communities.models import Community
from talkoot.core.errors import ApplicationError
from talkoot.core.generation import generate_each_locked
from talkoot.core.models import max_length_of
from talkoot.core.text import clean_text
from talkoot.members.models import Member
from talkoot.notifications.models import NotificationKind
from talkoot.notifications.services import notify
from talkoot.rotas.models import (
    MAX_DURATION_MINUTES,
    MAX_ROLE_SLOTS,
    MAX_ROLES,
    MAX_TEAMS,
    MAX_WEEKS_PER_TURN,
    MIN_DURATION_MINUTES,
    Rota,
    RotaDuty,
    RotaDutyTask,
    RotaRole,
    RotaTeam,
    SwapStatus,
)
from talkoot.rotas.services.rules import (
    REMIND_BEFORE,
    RESERVED_FOR_TEAM,
    check_member,
    check_running,
    generation_horizon,
    rota_url,
    team_members_of,
    team_position,
    week_of,
)


def _check_range(value: int, low: int, high: int, message: str, field: str) -> None:
    if not isinstance(value, int) or not low <= value <= high:
        raise ApplicationError(message, field=field)


def _team_names(teams: int, names: Sequence[str]) -> list[str]:
    if not isinstance(teams, int) or teams < 1:
        raise ApplicationError(
            _("A rota needs at least one team to take turns: please choose between 1 and %(limit)d teams.")
            % {"limit": MAX_TEAMS},
            field="teams",
        )
    if teams > MAX_TEAMS:
        raise ApplicationError(_("A rota can have at most %(limit)d teams.") % {"limit": MAX_TEAMS}, field="teams")
    limit = max_length_of(RotaTeam, "name")
    given = [clean_text(name, multiline=False, max_length=limit, field="team_names") for name in names][:teams]
    result = [name or _("Team %(number)d") % {"number": i + 1} for i, name in enumerate(given)]
    result += [_("Team %(number)d") % {"number": i + 1} for i in range(len(result), teams)]
    if len(set(result)) != len(result):
        raise ApplicationError(_("Please give each team a name of its own."), field="team_names")
    return result


def _roles(roles: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    if not 1 <= len(roles) <= MAX_ROLES:
        raise ApplicationError(
            _("Please name between 1 and %(limit)d roles, for example “cook” with 3 places.") % {"limit": MAX_ROLES},
            field="roles",
        )
    cleaned = []
    limit = max_length_of(RotaRole, "title")
    for title, slots in roles:
        name = clean_text(title, multiline=False, max_length=limit, field="roles", required=True)
        _check_range(
            slots,
            1,
            MAX_ROLE_SLOTS,
            _("Each role needs between 1 and %(limit)d places.") % {"limit": MAX_ROLE_SLOTS},
            "roles",
        )
        cleaned.append((name, slots))
    return cleaned


# --- Rotas -------------------------------------------------------------------------------------------


@transaction.atomic
def rota_create(
    *,
    creator: Member,
    community: Community,
    title: str,
    rrule: str,
    first_starts_at: datetime,
    duration_minutes: int,
    teams: int,
    roles: Sequence[tuple[str, int]],
    team_names: Sequence[str] = (),
    weeks_per_turn: int = 1,
    weeks_ahead: int = 12,
    description: str = "",
    now: datetime | None = None,
) -> Rota:
    """Any member starts a rota: its teams, its roles and its duties for `weeks_ahead` weeks exist at once.

    The rota's tasks live on an action of their own (in *deliver*: the work is being done), so that
    they are taken on, thanked and counted like every other task.
    """
    check_member(creator, community)
    now = now or timezone.now()
    title = clean_text(title, multiline=False, max_length=max_length_of(Rota, "title"), field="title", required=True)
    description = clean_text(description, max_length=max_length_of(Rota, "description"), field="description")
    names = _team_names(teams, team_names)
    role_rows = _roles(roles)
    _check_range(
        duration_minutes,
        MIN_DURATION_MINUTES,
        MAX_DURATION_MINUTES,
        _("A duty lasts between %(low)d and %(high)d minutes.")
        % {"low": MIN_DURATION_MINUTES, "high": MAX_DURATION_MINUTES},
        "duration_minutes",
    )
    _check_range(
        weeks_per_turn,
        1,
        MAX_WEEKS_PER_TURN,
        _("A turn lasts between 1 and %(limit)d weeks.") % {"limit": MAX_WEEKS_PER_TURN},
        "weeks_per_turn",
    )
    _check_range(
        weeks_ahead,
        MIN_WEEKS_AHEAD,
        MAX_WEEKS_AHEAD,
        _("Please choose between %(low)d and %(high)d weeks ahead.")
        % {"low": MIN_WEEKS_AHEAD, "high": MAX_WEEKS_AHEAD},
        "weeks_ahead",
    )
    first_starts_at = first_starts_at.replace(second=0, microsecond=0)
    if first_starts_at < now:
        raise ApplicationError(_("The first time is already past."), field="first_starts_at")
    rule = check_rule(rrule, first_starts_at, now=now)
    action = action_start(starter=creator, community=community, title=title, problem=description)
    Action.objects.filter(pk=action.pk).update(stage=Stage.DELIVER)
    rota = Rota.objects.create(
        community=community,
        action=action,
        title=title,
        description=description,
        rrule=rule.text,
        first_starts_at=first_starts_at,
        duration_minutes=duration_minutes,
        weeks_per_turn=weeks_per_turn,
        weeks_ahead=weeks_ahead,
        created_by=creator,
    )
    RotaTeam.objects.bulk_create(RotaTeam(rota=rota, name=name, position=i) for i, name in enumerate(names))
    RotaRole.objects.bulk_create(
        RotaRole(rota=rota, title=name, slots=slots, effort_minutes=duration_minutes, position=i)
        for i, (name, slots) in enumerate(role_rows)
    )
    _generate(rota, now=now)
    return rota


def _unheld_future_tasks(rota: Rota, now: datetime):
    return Task.objects.filter(rota_duty_task__duty__rota=rota, starts_at__gt=now, cancelled_at__isnull=True, taken=0)


@transaction.atomic
def rota_stop(*, member: Member, rota: Rota) -> Rota:
    """Stop a rota: no new duties; coming tasks nobody has taken on are cancelled, the rest stay."""
    locked = Rota.objects.select_for_update().select_related("community").get(pk=rota.pk)
    check_member(member, locked.community)
    check_running(locked)
    now = timezone.now()
    locked.stopped_at = now
    locked.save(update_fields=["stopped_at", "updated_at"])
    _unheld_future_tasks(locked, now).update(cancelled_at=now, updated_at=now)
    locked.swaps.filter(status=SwapStatus.PROPOSED).update(status=SwapStatus.WITHDRAWN, decided_at=now)
    work_changed(locked.community_id)
    return locked


# --- Generation ----------------------------------------------------------------------------------------


def _task_title(rota: Rota, role: RotaRole) -> str:
    return f"{rota.title}: {role.title}"[: max_length_of(Task, "title")]


def _generate(rota: Rota, *, now: datetime) -> int:
    """Create the missing duties of a rota up to its horizon, and each duty's tasks; returns how many duties.

    Call inside atomic with the rota row locked (or just created). Bounded whatever the rule:
    a rule without COUNT or UNTIL is expanded only up to `generation_horizon`. Existing duties
    are never recreated; the unique (rota, starts_at) constraint is the last line of defence.
    """
    horizon = generation_horizon(rota, now)
    start = max(rota.generated_until or rota.first_starts_at, now)
    if start >= horizon:
        return 0
    moments = Schedule(rota.rrule, rota.first_starts_at).between(start, horizon)
    existing = set(rota.duties.filter(starts_at__gte=start, starts_at__lt=horizon).values_list("starts_at", flat=True))
    teams = list(rota.teams.order_by("position"))
    roles = list(rota.roles.all())
    first_week = week_of(rota.first_starts_at)

    def on_duty(week: date) -> RotaTeam:
        return teams[
            team_position(first_week=first_week, week=week, weeks_per_turn=rota.weeks_per_turn, teams=len(teams))
        ]

    duties = RotaDuty.objects.bulk_create(
        [
            RotaDuty(rota=rota, starts_at=moment, week=week_of(moment), team=on_duty(week_of(moment)))
            for moment in moments
            if moment not in existing
        ]
    )
    pairs = [(duty, role) for duty in duties for role in roles]
    tasks = Task.objects.bulk_create(
        [
            Task(
                action_id=rota.action_id,
                title=_task_title(rota, role),
                description=rota.description,
                effort_minutes=role.effort_minutes,
                slots=role.slots,
                starts_at=duty.starts_at,
                ends_at=duty.starts_at + timedelta(minutes=rota.duration_minutes),
                created_by_id=rota.created_by_id,
                reserved_for_team=duty.team,
                reserved_until=duty.starts_at - RESERVED_FOR_TEAM,
            )
            for duty, role in pairs
        ]
    )
    RotaDutyTask.objects.bulk_create(
        RotaDutyTask(duty=duty, role=role, task=task) for (duty, role), task in zip(pairs, tasks, strict=True)
    )
    Rota.objects.filter(pk=rota.pk).update(generated_until=horizon)
    rota.generated_until = horizon
    if tasks:
        work_changed(rota.community_id)
    return len(duties)


def duties_generate(*, now: datetime | None = None) -> int:
    """Create the missing duties of every running rota; returns how many. Run hourly.

    Idempotent, and safe when two runs overlap: each rota is done in its own transaction with
    its row locked. Rotas whose action was closed rest.
    """
    now = now or timezone.now()
    return generate_each_locked(
        Rota.objects.filter(stopped_at__isnull=True).exclude(action__stage=Stage.CLOSED),
        is_due=lambda rota: rota.generated_until is None or rota.generated_until < generation_horizon(rota, now),
        generate=lambda rota: _generate(rota, now=now),
    )


def duties_remind(*, now: datetime | None = None) -> int:
    """Tell each team on duty of its week, once, when its first duty of the week is a week away. Run hourly.

    Once per team and week (the notification's `once_key`): a team that gets a week by a swap
    after the others were told is told at the next run.
    """
    now = now or timezone.now()
    due = (
        RotaDuty.objects.filter(rota__stopped_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE)
        .values_list("rota_id", "week", "team_id")
        .distinct()
        .order_by()
    )
    told = 0
    rows = list(due)
    rotas = Rota.objects.select_related("community").in_bulk({rota_id for rota_id, _week, _team in rows})
    teams = RotaTeam.objects.in_bulk({team_id for _rota, _week, team_id in rows})
    for rota_id, week, team_id in rows:
        rota, team = rotas[rota_id], teams[team_id]
        with transaction.atomic():
            told += len(
                notify(
                    recipients=team_members_of([team_id], rota.community_id),
                    kind=NotificationKind.ROTA_DUTY,
                    community=rota.community,
                    detail={"rota": rota.title, "team": team.name, "week": week.isoformat()},
                    url=rota_url(rota),
                    once_key=f"rota-duty-{team_id}-{week.isoformat()}",
                )
            )
    return told

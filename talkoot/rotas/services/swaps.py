"""Swaps: a team offers one of its weeks for another team's; any member of that team accepts or declines."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.models import Task
from talkoot.actions.open_work import work_changed
from talkoot.core.dates import long_date
from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member
from talkoot.notifications.models import NotificationKind
from talkoot.notifications.services import notify
from talkoot.rotas.models import Rota, RotaSwap, RotaTeam, RotaTeamMember, SwapStatus
from talkoot.rotas.services.rules import check_member, check_running, rota_url, team_members_of, week_of


def _check_week(rota: Rota, team: RotaTeam, week: date, now: datetime, field: str) -> None:
    """`team` is on duty in `week`, and the week has not begun."""
    duties = list(rota.duties.filter(week=week).values_list("starts_at", "team_id"))
    shown = {"week": long_date(week), "team": team.name}
    if not duties:
        raise ApplicationError(_("There are no duties in the week of %(week)s.") % shown, field=field)
    if min(starts_at for starts_at, _team in duties) <= now:
        raise ApplicationError(
            _("The week of %(week)s is past or has begun: only weeks still to come can be swapped.") % shown,
            field=field,
        )
    if any(team_id != team.pk for _starts_at, team_id in duties):
        raise ApplicationError(_("%(team)s is not on duty in the week of %(week)s.") % shown, field=field)


def _swap_detail(swap: RotaSwap) -> dict:
    return {
        "rota": swap.rota.title,
        "team": swap.team.name,
        "week": swap.week.isoformat(),
        "other_week": swap.other_week.isoformat(),
    }


@transaction.atomic
def swap_propose(
    *,
    member: Member,
    rota: Rota,
    week: date,
    other_team: RotaTeam,
    other_week: date,
    now: datetime | None = None,
) -> RotaSwap:
    """A member of the team on duty in `week` offers it for `other_team`'s `other_week`."""
    now = now or timezone.now()
    locked = Rota.objects.select_for_update().select_related("community").get(pk=rota.pk)
    check_member(member, locked.community)
    check_running(locked)
    mine = RotaTeamMember.objects.filter(rota=locked, member=member).select_related("team").first()
    if mine is None:
        raise ApplicationError(_("Please join a team first: a swap is between two teams."))
    if other_team.rota_id != locked.pk:
        raise ApplicationError(_("Please choose one of the teams of this rota."), field="other_team")
    if other_team.pk == mine.team_id:
        raise ApplicationError(
            _("A swap with yourself is not possible: please choose another team than your own."), field="other_team"
        )
    week, other_week = week_of(week), week_of(other_week)
    if week == other_week:
        raise ApplicationError(_("Please choose two different weeks."), field="other_week")
    _check_week(locked, mine.team, week, now, "week")
    _check_week(locked, other_team, other_week, now, "other_week")
    weeks = [week, other_week]
    if locked.swaps.filter(Q(week__in=weeks) | Q(other_week__in=weeks), status=SwapStatus.PROPOSED).exists():
        raise ApplicationError(
            _("A swap of one of these weeks is already proposed. Please wait for its answer, or withdraw it.")
        )
    swap = RotaSwap.objects.create(
        rota=locked, team=mine.team, week=week, other_team=other_team, other_week=other_week, proposed_by=member
    )
    notify(
        recipients=team_members_of([other_team.pk], locked.community_id),
        kind=NotificationKind.ROTA_SWAP,
        community=locked.community,
        actor=member,
        detail={**_swap_detail(swap), "event": "proposed"},
        url=rota_url(locked),
    )
    return swap


def _locked_swap(swap: RotaSwap) -> RotaSwap:
    return RotaSwap.objects.select_for_update().select_related("rota__community", "team", "other_team").get(pk=swap.pk)


def _check_open(swap: RotaSwap) -> None:
    if swap.status == SwapStatus.PROPOSED:
        return
    messages = {
        SwapStatus.ACCEPTED: _("This swap was accepted already."),
        SwapStatus.DECLINED: _("This swap was declined already."),
        SwapStatus.WITHDRAWN: _("This swap was withdrawn."),
    }
    raise ApplicationError(messages[SwapStatus(swap.status)], code="swap_closed")


def _check_in_team(member: Member, team: RotaTeam, message: str) -> None:
    if not RotaTeamMember.objects.filter(team=team, member=member).exists():
        raise ApplicationError(message % {"team": team.name}, status=403, code="not_in_team")


def _close(swap: RotaSwap, *, status: str, by: Member, now: datetime) -> None:
    """The conditional update that closes an open swap: of two people at once, only one does."""
    closed = RotaSwap.objects.filter(pk=swap.pk, status=SwapStatus.PROPOSED).update(
        status=status, decided_by=by, decided_at=now
    )
    if not closed:
        swap.refresh_from_db(fields=["status"])
        _check_open(swap)
    swap.status, swap.decided_by, swap.decided_at = status, by, now


@transaction.atomic
def swap_accept(*, member: Member, swap: RotaSwap, now: datetime | None = None) -> RotaSwap:
    """Any member of the other team accepts: the teams of the two weeks' coming duties are exchanged."""
    now = now or timezone.now()
    locked = _locked_swap(swap)
    rota = locked.rota
    check_member(member, rota.community)
    _check_in_team(member, locked.other_team, _("Only members of %(team)s can answer this swap."))
    _check_open(locked)
    check_running(rota)
    _check_week(rota, locked.team, locked.week, now, "week")
    _check_week(rota, locked.other_team, locked.other_week, now, "other_week")
    _close(locked, status=SwapStatus.ACCEPTED, by=member, now=now)
    for week, team in ((locked.week, locked.other_team), (locked.other_week, locked.team)):
        rota.duties.filter(week=week, starts_at__gt=now).update(team=team)
        Task.objects.filter(rota_duty_task__duty__rota=rota, rota_duty_task__duty__week=week, starts_at__gt=now).update(
            reserved_for_team=team
        )
    notify(
        recipients=team_members_of([locked.team_id], rota.community_id),
        kind=NotificationKind.ROTA_SWAP,
        community=rota.community,
        actor=member,
        detail={**_swap_detail(locked), "event": "accepted"},
        url=rota_url(rota),
    )
    work_changed(rota.community_id)
    return locked


@transaction.atomic
def swap_decline(*, member: Member, swap: RotaSwap) -> RotaSwap:
    locked = _locked_swap(swap)
    _check_in_team(member, locked.other_team, _("Only members of %(team)s can answer this swap."))
    _check_open(locked)
    _close(locked, status=SwapStatus.DECLINED, by=member, now=timezone.now())
    notify(
        recipients=[locked.proposed_by],
        kind=NotificationKind.ROTA_SWAP,
        community=locked.rota.community,
        actor=member,
        detail={**_swap_detail(locked), "event": "declined"},
        url=rota_url(locked.rota),
    )
    return locked


@transaction.atomic
def swap_withdraw(*, member: Member, swap: RotaSwap) -> RotaSwap:
    locked = _locked_swap(swap)
    if locked.proposed_by_id != member.pk:
        raise ApplicationError(_("Only who proposed a swap can withdraw it."), status=403, code="not_yours")
    _check_open(locked)
    _close(locked, status=SwapStatus.WITHDRAWN, by=member, now=timezone.now())
    return locked

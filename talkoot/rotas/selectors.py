"""Reads for rotating teams: the access doors and the rota page (a fixed number of queries, whatever the weeks)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone

from talkoot.actions.models import Claim, ClaimStatus, Task
from talkoot.communities.access import viewer_is_member
from talkoot.members.selectors import with_member_names
from talkoot.rotas.models import Rota, RotaDuty, RotaDutyTask, RotaSwap, RotaTeam, RotaTeamMember, SwapStatus
from talkoot.rotas.services import week_of

# --- The doors ---------------------------------------------------------------------------------------


def _id(value) -> int:
    try:
        return int(value)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None


def rota_for(member, community, rota_id) -> Rota:
    """The rota if `member` is an active member of its community; else the same 404 as for a missing one."""
    if not (member is not None and member.is_authenticated and viewer_is_member(member, community)):
        raise Http404
    rota = Rota.objects.filter(pk=_id(rota_id), community=community).first()
    if rota is None:
        raise Http404
    rota.community = community
    return rota


def team_for(rota: Rota, team_id) -> RotaTeam:
    team = RotaTeam.objects.filter(pk=_id(team_id), rota=rota).first()
    if team is None:
        raise Http404
    team.rota = rota
    return team


def swap_for(rota: Rota, swap_id) -> RotaSwap:
    swap = RotaSwap.objects.filter(pk=_id(swap_id), rota=rota).first()
    if swap is None:
        raise Http404
    swap.rota = rota
    return swap


def rotas_of(community) -> list[Rota]:
    """The community's rotas, running ones first, with how many teams each has."""
    return list(
        Rota.objects.filter(community=community).annotate(team_count=Count("teams")).order_by("stopped_at", "title")
    )


# --- The rota page -------------------------------------------------------------------------------------


@dataclass
class TaskRow:
    task: Task
    role_title: str
    claimant_names: list[str]
    mine: bool  # the viewer has taken it on
    reserved_now: bool  # still only for the team on duty
    may_claim: bool


@dataclass
class DutyRow:
    duty: RotaDuty
    tasks: list[TaskRow] = field(default_factory=list)


@dataclass
class WeekRow:
    week: date
    team: RotaTeam
    duties: list[DutyRow] = field(default_factory=list)
    begun: bool = False


@dataclass
class RotaPage:
    rota: Rota
    teams: list[RotaTeam]  # each with `member_names`
    my_team: RotaTeam | None
    weeks: list[WeekRow]
    swaps: list[RotaSwap]  # open ones


def rota_page(member, rota: Rota, *, now: datetime | None = None) -> RotaPage:
    """Teams and their members, the weeks from this one on and who has taken on what, open swaps.

    Six queries whatever the number of weeks, teams or claims.
    """
    now = now or timezone.now()
    team_members = with_member_names(RotaTeamMember.objects.all(), "member").order_by("member__display_name")
    teams: list[RotaTeam] = list(
        rota.teams.prefetch_related(Prefetch("members", queryset=team_members, to_attr="memberships"))
    )
    by_id = {team.pk: team for team in teams}
    my_team = None
    for team in teams:
        team.member_names = [m.member.display_name for m in team.memberships]  # type: ignore[attr-defined]
        if any(m.member_id == member.pk for m in team.memberships):  # type: ignore[attr-defined]
            my_team = team
    duties = list(rota.duties.filter(week__gte=week_of(now)).order_by("starts_at"))
    links = list(
        RotaDutyTask.objects.filter(duty__in=[d.pk for d in duties])
        .select_related("task", "role")
        .order_by("role__position", "role_id")
    )
    claims = with_member_names(
        Claim.objects.filter(
            task_id__in=[link.task_id for link in links], status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE]
        ),
        "member",
    ).order_by("created_at")
    names: dict[int, list[str]] = {}
    mine: set[int] = set()
    for claim in claims:
        names.setdefault(claim.task_id, []).append(claim.member.display_name)
        if claim.member_id == member.pk:
            mine.add(claim.task_id)
    tasks_of: dict[int, list[TaskRow]] = {}
    for link in links:
        task = link.task
        reserved_now = (
            task.reserved_for_team_id is not None and task.reserved_until is not None and now < task.reserved_until
        )
        open_now = task.cancelled_at is None and task.taken < task.slots and not (task.ends_at and task.ends_at < now)
        may_claim = (
            open_now
            and link.task_id not in mine
            and (not reserved_now or (my_team is not None and task.reserved_for_team_id == my_team.pk))
        )
        tasks_of.setdefault(link.duty_id, []).append(
            TaskRow(
                task=task,
                role_title=link.role.title,
                claimant_names=names.get(task.pk, []),
                mine=task.pk in mine,
                reserved_now=reserved_now,
                may_claim=may_claim,
            )
        )
    weeks: list[WeekRow] = []
    for duty in duties:
        duty.team = by_id[duty.team_id]
        if not weeks or weeks[-1].week != duty.week:
            weeks.append(WeekRow(week=duty.week, team=duty.team))
        weeks[-1].duties.append(DutyRow(duty=duty, tasks=tasks_of.get(duty.pk, [])))
        weeks[-1].begun = weeks[-1].begun or duty.starts_at <= now
    swaps = list(with_member_names(rota.swaps.filter(status=SwapStatus.PROPOSED), "proposed_by"))
    for swap in swaps:
        swap.team, swap.other_team = by_id[swap.team_id], by_id[swap.other_team_id]
    return RotaPage(rota=rota, teams=teams, my_team=my_team, weeks=weeks, swaps=swaps)

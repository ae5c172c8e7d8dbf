"""Teams: members join and leave them themselves, and a team's tasks are its own until two days before."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from talkoot.actions.models import Task
from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member
from talkoot.rotas.models import Rota, RotaTeam, RotaTeamMember
from talkoot.rotas.services.rules import check_member, check_running


@transaction.atomic
def team_join(*, member: Member, team: RotaTeam) -> RotaTeamMember:
    """Join a team of a rota; a member already in another team of the same rota moves."""
    rota = Rota.objects.select_for_update().select_related("community").get(pk=team.rota_id)
    check_member(member, rota.community)
    check_running(rota)
    current = RotaTeamMember.objects.filter(rota=rota, member=member).select_related("team").first()
    if current is not None:
        if current.team_id == team.pk:
            raise ApplicationError(_("You are already in %(team)s.") % {"team": team.name})
        current.team = team
        current.save(update_fields=["team"])
        return current
    try:
        with transaction.atomic():
            return RotaTeamMember.objects.create(rota=rota, team=team, member=member)
    except IntegrityError:
        raise ApplicationError(_("You joined a team of this rota a moment ago.")) from None


@transaction.atomic
def team_leave(*, member: Member, team: RotaTeam) -> None:
    """Leave a team. Tasks already taken on stay taken: giving them back is a claim's own step."""
    left, _rows = RotaTeamMember.objects.filter(team=team, member=member).delete()
    if not left:
        raise ApplicationError(_("You are not in %(team)s.") % {"team": team.name})


def reservation_check(*, member: Member, task: Task) -> None:
    """Refuse anyone outside the team a task is reserved for. Called by task_claim before `reserved_until`."""
    team_id = task.reserved_for_team_id
    if team_id is None or RotaTeamMember.objects.filter(team_id=team_id, member_id=member.pk).exists():
        return
    team = RotaTeam.objects.filter(pk=team_id).values_list("name", flat=True).first()
    raise ApplicationError(
        _("Until two days before, this task is for the team on duty (%(team)s); after that anyone can take it on.")
        % {"team": team or ""},
        code="reserved_for_team",
    )

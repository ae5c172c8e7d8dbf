"""What every rota service shares: the week arithmetic (pure), who may take part, who is told."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.actions.rrules import community_time_zone
from talkoot.communities.models import Community
from talkoot.communities.services.rules import active_membership_exists
from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member
from talkoot.rotas.models import Rota, RotaTeamMember

# Until two days before, a duty's tasks are for the team on duty; then for everyone.
RESERVED_FOR_TEAM = timedelta(hours=48)
# The team on duty hears of its week this long before its first duty of the week.
REMIND_BEFORE = timedelta(days=7)


# --- Weeks and turns (pure) ------------------------------------------------------------------------


def week_of(moment: datetime | date) -> date:
    """The Monday of the week of `moment`, in the community's time zone."""
    day = timezone.localtime(moment, community_time_zone()).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def week_begins_at(week: date) -> datetime:
    """Monday 00:00 of `week` on the community's wall clock, as an aware datetime."""
    return datetime.combine(week, time(0), tzinfo=community_time_zone())


def team_position(*, first_week: date, week: date, weeks_per_turn: int, teams: int) -> int:
    """The position of the team whose turn `week` is (turns counted from `first_week`)."""
    return ((week - first_week).days // 7 // weeks_per_turn) % teams


def generation_horizon(rota: Rota, now: datetime) -> datetime:
    """Duties exist up to here: `weeks_ahead` whole weeks from the week now (or of the first time)."""
    first = week_of(max(now, rota.first_starts_at))
    return week_begins_at(first + timedelta(weeks=rota.weeks_ahead))


# --- Checks ------------------------------------------------------------------------------------------


def check_member(member: Member, community: Community) -> None:
    if not active_membership_exists(member=member, community=community):
        raise ApplicationError(
            _("Only members of %(community)s can take part in its rotas.") % {"community": community.name},
            status=403,
            code="not_a_member",
        )


def check_running(rota: Rota) -> None:
    if rota.stopped_at is not None:
        raise ApplicationError(_("This rota has been stopped."))


def team_members_of(team_ids, community_id: int):
    """The active members of the community in these teams."""
    return Member.objects.filter(
        is_active=True,
        pk__in=RotaTeamMember.objects.filter(team_id__in=list(team_ids)).values("member_id"),
        memberships__community_id=community_id,
        memberships__left_at__isnull=True,
    )


def rota_url(rota: Rota) -> str:
    return reverse("rotas:detail", args=[rota.community.slug, rota.pk])

"""Rotas are made through the service (their teams, roles, duties and tasks come with them)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from talkoot.actions.rrules import community_time_zone
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.rotas.models import Rota
from talkoot.rotas.services import rota_create

WEEKDAY_DINNERS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def next_monday_at(hour: int = 17, *, now: datetime | None = None) -> datetime:
    """Monday at `hour` in the community's time zone, at least a day from now."""
    today = timezone.localtime(now or timezone.now(), community_time_zone()).date() + timedelta(days=1)
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    return datetime.combine(monday, time(hour), tzinfo=community_time_zone())


def make_rota(*, community, creator=None, **overrides) -> Rota:
    """Weekday dinners for six teams, one week each: cook 3, clean 2; from next Monday at 17:00."""
    creator = creator or MembershipFactory(community=community).member
    arguments = {
        "title": "Shared dinner",
        "rrule": WEEKDAY_DINNERS,
        "first_starts_at": next_monday_at(17),
        "duration_minutes": 120,
        "teams": 6,
        "roles": [("Cook", 3), ("Clean", 2)],
        "weeks_ahead": 12,
    }
    return rota_create(creator=creator, community=community, **(arguments | overrides))


def member_of(community, **kwargs):
    return MembershipFactory(community=community, **kwargs).member

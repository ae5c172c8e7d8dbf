"""Reads of the kiosk: the screen behind a cookie, and what each kiosk screen shows.

A personal screen shows one member's day; a common room's screen shows the community's
gatherings and how much help is asked for, never a name, a phone number or a place of anyone.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import cast

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from talkoot.actions.models import ActionBeneficiary, Claim, ClaimStatus, Task
from talkoot.actions.ranking import ForYouFilters, WhenChoice, tasks_for_you
from talkoot.communities.models import Membership
from talkoot.companions.models import Companionship
from talkoot.contributions.models import Thanks
from talkoot.gatherings.models import Attendance, Occurrence
from talkoot.kiosk.models import KioskPairing, KioskScreen, ScreenKind
from talkoot.kiosk.services import secret_hash
from talkoot.members.models import Member

# The most rows of "today and tomorrow" sent to the home screen; its script then hides those
# that do not fit the screen at the member's text size, and says that more follow.
ROWS_ON_HOME = 6
OFFERS_SHOWN = 3  # with their buttons, three fit a 720-pixel-high screen
THANKS_SHOWN = 4


def screen_for_secret(secret: str) -> KioskScreen | None:
    """The live screen holding this secret: not revoked, and for a personal screen its member is
    still active and still in the community (a screen of someone who left shows nothing)."""
    if not secret or len(secret) > 100:
        return None
    screens = KioskScreen.objects.select_related("community", "member").filter(
        token_hash=secret_hash(secret), revoked_at__isnull=True
    )
    screen = screens.first()
    if screen is None or screen.member is None:
        return screen
    member_here = Membership.objects.active().filter(community=screen.community, member=screen.member).exists()
    return screen if screen.member.is_active and member_here else None


def pairing_for_secret(secret: str, *, now: datetime | None = None) -> KioskPairing | None:
    """The screen's waiting code, if it still waits."""
    if not secret or len(secret) > 100:
        return None
    now = now or timezone.now()
    return KioskPairing.objects.filter(
        secret_hash=secret_hash(secret), paired_at__isnull=True, expires_at__gte=now
    ).first()


def screens_to_manage(member: Member) -> list[KioskScreen]:
    """The live screens a member can see and end: their own, those they paired (for someone they
    accompany), and the common rooms' of the communities where they are a steward."""
    stewarded = Membership.objects.stewards().filter(member=member).values("community_id")
    mine = Q(member=member) | Q(paired_by=member) | Q(kind=ScreenKind.COMMON_ROOM, community_id__in=stewarded)
    return list(KioskScreen.objects.filter(mine, revoked_at__isnull=True).select_related("community", "member")[:50])


# --- What a screen shows ---------------------------------------------------------------------------


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time(0)))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0)))


def today_and_tomorrow(now: datetime) -> tuple[datetime, datetime]:
    """From now to the end of tomorrow, on the community's clock."""
    _start, end = _day_bounds(timezone.localdate(now) + timedelta(days=1))
    return now, end


@dataclass
class Visit:
    """Help promised to the screen's member: the task, and who is coming (their first names)."""

    task: Task
    coming: list[str] = field(default_factory=list)


@dataclass
class Day:
    """What the home screen lists under "today and tomorrow": gatherings and visits in the order
    they happen, as many as fit the screen, and whether more come after them."""

    entries: list[Occurrence | Visit]
    more: bool = False


def _starts_at(entry: Occurrence | Visit) -> datetime:
    # A visit is chosen by its start time, so it has one.
    return cast(datetime, entry.task.starts_at) if isinstance(entry, Visit) else entry.starts_at


def coming_up(screen: KioskScreen, *, now: datetime | None = None) -> Day:
    """The gatherings of today and tomorrow (with the member's answer), and on a personal screen
    the help promised to the member and who is coming, merged by time: three queries."""
    now = now or timezone.now()
    start, end = today_and_tomorrow(now)
    rows = ROWS_ON_HOME
    times = Occurrence.objects.filter(
        gathering__action__community=screen.community,
        gathering__action__hidden_at__isnull=True,
        cancelled_at__isnull=True,
        ends_at__gt=start,
        starts_at__lt=end,
    ).select_related("gathering__action")
    if screen.member is not None:
        mine = Attendance.objects.filter(occurrence=OuterRef("pk"), member=screen.member).values("answer")[:1]
        times = times.annotate(my_answer=Subquery(mine))
    # One row more than fits tells whether the screen must say that more follow.
    gatherings = list(times.order_by("starts_at", "pk")[: rows + 1])
    visits: list[Visit] = []
    if screen.member is not None:
        for_me = ActionBeneficiary.objects.filter(action=OuterRef("action_id"), member=screen.member)
        tasks = list(
            Task.objects.filter(
                Exists(for_me),
                action__community=screen.community,
                cancelled_at__isnull=True,
                starts_at__gte=start - timedelta(hours=2),
                starts_at__lt=end,
                taken__gt=0,
            ).order_by("starts_at", "pk")[: rows + 1]
        )
        claims = Claim.objects.filter(task__in=tasks, status=ClaimStatus.ACTIVE).select_related("member")
        coming: dict[int, list[str]] = {}
        for claim in claims.order_by("created_at"):
            coming.setdefault(claim.task_id, []).append(claim.member.display_name)
        visits = [Visit(task=task, coming=coming.get(task.pk, [])) for task in tasks]
    entries: list[Occurrence | Visit] = sorted([*gatherings, *visits], key=_starts_at)
    return Day(entries=entries[:rows], more=len(entries) > rows)


def help_offers(screen: KioskScreen, *, now: datetime | None = None) -> list[Task]:
    """ "I can help": the tasks of today and tomorrow the member could take on, best for them
    first (the "for you" ranking: nearness, skills, free time)."""
    if screen.member is None:
        return []
    now = now or timezone.now()
    _start, end = today_and_tomorrow(now)
    page = tasks_for_you(screen.member, screen.community, filters=ForYouFilters(when=WhenChoice.WEEK), now=now)
    soon = [task for task in page.object_list if (task.starts_at or task.deadline or end) < end]
    return soon[:OFFERS_SHOWN]


def open_help_count(screen: KioskScreen, *, now: datetime | None = None) -> int:
    """How many tasks of today and tomorrow still need someone (for the common room: a number only)."""
    now = now or timezone.now()
    start, end = today_and_tomorrow(now)
    return Task.objects.filter(
        action__community=screen.community,
        action__hidden_at__isnull=True,
        hidden_at__isnull=True,
        cancelled_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=end,
        taken__lt=F("slots"),
    ).count()


def thanks_received(screen: KioskScreen, *, limit: int = THANKS_SHOWN) -> list[Thanks]:
    """The newest thanks for the member's help, with who said it."""
    if screen.member is None:
        return []
    return list(
        Thanks.objects.filter(contribution__contributor=screen.member, contribution__community=screen.community)
        .select_related("member", "contribution")
        .order_by("-created_at", "-pk")[:limit]
    )


RECENT_THANKS = timedelta(days=30)


def recent_thanks_count(screen: KioskScreen, *, now: datetime | None = None) -> int:
    """How many thanks the member received in the last 30 days (the badge on the home screen)."""
    if screen.member is None:
        return 0
    since = (now or timezone.now()) - RECENT_THANKS
    return Thanks.objects.filter(
        contribution__contributor=screen.member, contribution__community=screen.community, created_at__gte=since
    ).count()


@dataclass(frozen=True)
class CompanionCard:
    name: str
    phone: str  # "" unless the companion chose to show it to the members they accompany


def my_companions(screen: KioskScreen) -> list[CompanionCard]:
    if screen.member is None:
        return []
    links = (
        Companionship.objects.standing()
        .filter(community=screen.community, member=screen.member, companion__is_active=True)
        .select_related("companion")
    )
    return [
        CompanionCard(
            name=link.companion.display_name,
            phone=link.companion.phone if link.companion.phone_to_accompanied else "",
        )
        for link in links
    ]

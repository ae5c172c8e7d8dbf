"""'For you': the open tasks a member can take on, ranked for them.

The order is lexicographic, so each step can be told on the card in a few words:

0. your team's week — a rota's task of the next 7 days still reserved for a team the member is
   in (talkoot.rotas); the team's later turns rank as any task. Nobody outside the team is
   offered its tasks until the reservation ends (`claimable_mask`);
1. skills matched — how many of the task's skills the member has;
2. nearness — 2 same postal area, 1 same municipality, 0 anywhere else, measured from the
   people the action is for (its member beneficiaries and the members who speak for people
   without an account; the member who started it when it is for the commons);
3. week fit — 2 the task's start falls in a part of the week the member is free, 1 the task
   has no fixed time (or the member has not told their free times), 0 outside them;
4. urgency — due today, in the next 7 days, later, no date;
5. needs one more person — somebody has claimed it and one place is left ("among equals":
   it wins only when everything above is the same);
6. the due time itself, then the id, so pages never shuffle.

The scores are numpy arithmetic over the community's open work (`open_work.py`), so the page
costs the same few queries, and well under a millisecond of ranking, with ten open tasks or
twenty thousand; only the rows shown are read from the database.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from datetime import tzinfo as TzInfo
from functools import lru_cache

import numpy as np
from django.core.paginator import Page, Paginator
from django.db.models import F
from django.utils import timezone

from talkoot.actions.models import ActionBeneficiary, ActionVisibility, Task
from talkoot.actions.open_work import LIVE_STAGES, OpenWork, open_work, still_ahead
from talkoot.communities.access import viewer_is_member
from talkoot.communities.models import Community, Visibility
from talkoot.contributions.models import Category
from talkoot.members.availability import PARTS_OF_DAY, WEEKDAYS
from talkoot.members.models import Member

PAGE_SIZE = 20
MAX_PAGE_NUMBER = 100_000
SOON = timedelta(days=7)

# --- Filters --------------------------------------------------------------------------------------


class WhenChoice:
    TODAY = "today"
    WEEK = "week"
    ANY = "any"


class LengthChoice:
    ANY = "any"
    SHORT = "short"  # up to 30 minutes
    MEDIUM = "medium"  # up to 2 hours
    LONG = "long"  # longer than 2 hours


SHORT_MINUTES = 30
MEDIUM_MINUTES = 120

# Tasks carry skills, not a kind of help; the filter speaks the words people already use when
# they record a contribution ("kind of help") and looks for the curated skills of that kind.
# A skill may belong to more than one kind. "Other" is every task with none of these skills.
CATEGORY_SKILLS: dict[str, frozenset[str]] = {
    Category.CARE: frozenset({"first_aid", "exercise", "walking", "company"}),
    Category.COMPANY: frozenset({"company", "walking", "reading", "music", "crafts", "languages"}),
    Category.TRANSPORT: frozenset({"driving", "transport", "shopping"}),
    Category.MEALS: frozenset({"cooking", "shopping"}),
    Category.HOUSEHOLD: frozenset({"cleaning", "repairs", "pets", "transport", "shopping"}),
    Category.GARDEN: frozenset({"gardening"}),
    Category.TECH_HELP: frozenset({"computers", "paperwork"}),
    Category.ORGANISING: frozenset({"paperwork", "languages"}),
}
# "Ideas and design" has no skill to look for, so it is not offered as a filter.
FILTER_CATEGORIES = [*CATEGORY_SKILLS, Category.OTHER]
_ALL_CATEGORY_SKILLS = frozenset().union(*CATEGORY_SKILLS.values())


@dataclass(frozen=True)
class ForYouFilters:
    category: str = ""  # a value of FILTER_CATEGORIES, or "" for every kind
    when: str = WhenChoice.ANY
    length: str = LengthChoice.ANY


# --- Which tasks -------------------------------------------------------------------------------


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated


def _end_of_today(now: datetime, tz: TzInfo) -> datetime:
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)


# --- Who is looking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """What the ranking needs to know of the person looking, beyond the open work itself."""

    member: Member | None
    is_member: bool
    own_action_ids: np.ndarray  # actions for themselves: nobody volunteers to help themselves
    # The rota teams (talkoot.rotas) they are in, of those the open work reserves tasks for now.
    team_ids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    @classmethod
    def of(
        cls,
        member,
        community: Community,
        *,
        is_member: bool | None = None,
        own_actions: bool = False,
        work: OpenWork | None = None,
        now: datetime | None = None,
    ) -> "Viewer":
        """With `work` (and `now`), the viewer's teams are read too: one query, and only when some
        of the open work is reserved for a team at `now`."""
        if not _signed_in(member):
            return cls(None, False, np.empty(0, np.int64))
        if is_member is None:
            is_member = viewer_is_member(member, community)
        own: list[int] = []
        if own_actions:
            own = list(ActionBeneficiary.objects.filter(member_id=member.pk).values_list("action_id", flat=True))
        teams: list[int] = []
        if work is not None and now is not None:
            reserved = work.reserved_at(now)
            if reserved.any():
                teams = _teams_among(member, np.unique(work.reserved_team[reserved]).tolist())
        return cls(member, is_member, np.array(own, np.int64), np.array(teams, np.int64))


def _teams_among(member, team_ids: list[int]) -> list[int]:
    from talkoot.rotas.models import RotaTeamMember  # rotas build on actions, not the other way

    return list(
        RotaTeamMember.objects.filter(member_id=member.pk, team_id__in=team_ids).values_list("team_id", flat=True)
    )


def for_my_team(work: OpenWork, viewer: Viewer, *, now: datetime) -> np.ndarray:
    """The tasks of the next 7 days reserved at `now` for a team `viewer` is in: the week the
    team is on duty, not its turns weeks away (which would fill the page)."""
    soon = work.due < (now + SOON).timestamp()
    return work.reserved_at(now) & np.isin(work.reserved_team, viewer.team_ids) & soon


def claimable_mask(work: OpenWork, viewer: Viewer, community: Community, *, now: datetime) -> np.ndarray:
    """The tasks `viewer` could claim right now, over the columns.

    Not past at `now`, no claim of the viewer's own on it, and readable with the right to claim:
    members claim any task of their community, others only the tasks of public actions. Visitors
    see what they could claim after joining a public community. A rota's task still reserved for
    a team is left out for everyone outside that team (`Viewer.team_ids`). The community itself
    must already have passed `community_for`; the open work holds only tasks with a place free,
    not cancelled, of actions not closed.
    """
    mask = work.still_ahead(now)
    reserved = work.reserved_at(now)
    if reserved.any():
        mask &= ~reserved | np.isin(work.reserved_team, viewer.team_ids)
    if viewer.member is None:
        return mask & work.public if community.visibility == Visibility.PUBLIC else np.zeros(len(work), bool)
    if not viewer.is_member:
        mask &= work.public
    claimed = np.zeros(len(work), bool)
    claimed[work.claim_task[work.claim_member == viewer.member.pk]] = True  # nobody takes a task twice
    mask &= ~claimed
    if len(viewer.own_action_ids):
        mask &= ~np.isin(work.action_id, viewer.own_action_ids)
    return mask


def filter_mask(work: OpenWork, filters: ForYouFilters, *, now: datetime, tz: TzInfo) -> np.ndarray:
    """Narrow by kind of help, when and how long. Unknown values narrow nothing."""
    mask = np.ones(len(work), bool)
    if filters.category in CATEGORY_SKILLS or filters.category == Category.OTHER:
        wanted = CATEGORY_SKILLS.get(filters.category, _ALL_CATEGORY_SKILLS)
        skills = [skill_id for skill_id, slug in work.curated_slugs.items() if slug in wanted]
        has_kind = np.zeros(len(work), bool)
        has_kind[work.skill_task[np.isin(work.skill_id, skills)]] = True
        mask &= has_kind if filters.category in CATEGORY_SKILLS else ~has_kind

    # A task without a fixed time can be done on any day, so it belongs to every "when".
    undated = np.isnan(work.starts)
    if filters.when == WhenChoice.TODAY:
        mask &= undated | (work.starts < _end_of_today(now, tz).timestamp())
    elif filters.when == WhenChoice.WEEK:
        mask &= undated | (work.starts < (now + SOON).timestamp())

    if filters.length == LengthChoice.SHORT:
        mask &= work.effort <= SHORT_MINUTES
    elif filters.length == LengthChoice.MEDIUM:
        mask &= work.effort <= MEDIUM_MINUTES
    elif filters.length == LengthChoice.LONG:
        mask &= work.effort > MEDIUM_MINUTES
    return mask


# --- The scores, as columns ----------------------------------------------------------------------


def skills_matched(work: OpenWork, skill_ids) -> np.ndarray:
    """How many of each task's skills are among `skill_ids` (0 for a task that asks for none)."""
    matched = np.isin(work.skill_id, np.asarray(list(skill_ids), np.int64))
    return np.bincount(work.skill_task[matched], minlength=len(work))


NEAR_POSTAL_AREA = 2
NEAR_MUNICIPALITY = 1


def nearness(work: OpenWork, member: Member) -> np.ndarray:
    postal_code = (member.postal_code or "").strip()
    municipality = (member.municipality or "").strip().casefold()
    near = np.zeros(len(work), np.int64)
    if municipality and municipality in work.tasks_by_municipality:
        near[work.tasks_by_municipality[municipality]] = NEAR_MUNICIPALITY
    if postal_code and postal_code in work.tasks_by_postal_code:
        near[work.tasks_by_postal_code[postal_code]] = NEAR_POSTAL_AREA
    return near


# Parts of the day by the local hour of the start: the same boundaries as "I need help" uses.
PART_HOURS = {"morning": (0, 13), "afternoon": (13, 17), "evening": (17, 24)}

FITS_WEEK = 2
NO_FIXED_TIME = 1


def free_hours_of_week(mask: int) -> str:
    """The member's free parts of the week, one character per hour since Monday 00:00 ("1" free,
    "0" not): 168 characters."""
    hours = ["0"] * (7 * 24)
    for day_index, _day in enumerate(WEEKDAYS):
        for part_index, (part, _label) in enumerate(PARTS_OF_DAY):
            if mask & (1 << (day_index * len(PARTS_OF_DAY) + part_index)):
                start, end = PART_HOURS[part]
                hours[day_index * 24 + start : day_index * 24 + end] = ["1"] * (end - start)
    return "".join(hours)


def _utc_offset_minutes(tz: TzInfo, moment: datetime) -> int:
    offset = moment.astimezone(tz).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


@lru_cache(maxsize=64)
def offset_changes(tz: TzInfo, from_day: date, days: int = 800) -> tuple[int, tuple[tuple[datetime, int], ...]]:
    """The UTC offset (minutes) of `tz` at the start of `from_day` (UTC), and each change in the
    `days` after it as (the UTC hour it changes, the new offset). Day by day, then hour by hour."""
    start = datetime.combine(from_day, time(0), tzinfo=UTC)
    first = current = _utc_offset_minutes(tz, start)
    changes = []
    for day in range(1, days + 1):
        if _utc_offset_minutes(tz, start + timedelta(days=day)) == current:
            continue
        hour = start + timedelta(days=day - 1)
        while _utc_offset_minutes(tz, hour + timedelta(hours=1)) == current:
            hour += timedelta(hours=1)
        hour += timedelta(hours=1)
        current = _utc_offset_minutes(tz, hour)
        changes.append((hour, current))
    return first, tuple(changes)


# Tasks that started this long ago can still be open (until their end or deadline).
_LOOK_BACK = timedelta(days=60)


def local_hour_of_week(starts: np.ndarray, *, tz: TzInfo, now: datetime) -> np.ndarray:
    """Hours since Monday 00:00 (0–167) of each start (seconds since the epoch) in `tz`, with
    summer and winter time from the zone's changes; -1 where there is no start."""
    first, changes = offset_changes(tz, (now - _LOOK_BACK).astimezone(UTC).date())
    moments = np.array([moment.timestamp() for moment, _offset in changes], np.float64)
    offsets = np.array([first, *(offset for _moment, offset in changes)], np.float64) * 60
    dated = ~np.isnan(starts)
    local = starts[dated] + offsets[np.searchsorted(moments, starts[dated], side="right")]
    days = np.floor_divide(local, 86400)
    weekday = (days + 3) % 7  # 1 January 1970 was a Thursday; Monday is 0
    hour = np.floor_divide(local - days * 86400, 3600)
    result = np.full(len(starts), -1, np.int64)
    result[dated] = (weekday * 24 + hour).astype(np.int64)
    return result


def week_fit(work: OpenWork, member: Member, *, tz: TzInfo, now: datetime) -> np.ndarray:
    if not member.availability:
        return np.full(len(work), NO_FIXED_TIME, np.int64)
    free = np.frombuffer(free_hours_of_week(member.availability).encode(), np.uint8) == ord("1")
    # The same for everyone in this time zone, until the snapshot or the day changes.
    since = (now - _LOOK_BACK).astimezone(UTC).date()
    hour = work.derived(("local_hour_of_week", str(tz), since), lambda: local_hour_of_week(work.starts, tz=tz, now=now))
    fits = np.where(free[np.maximum(hour, 0)], FITS_WEEK, 0)
    return np.where(hour < 0, NO_FIXED_TIME, fits)


def urgency(work: OpenWork, *, now: datetime, tz: TzInfo) -> np.ndarray:
    """0 due today, 1 in the next 7 days, 2 later, 3 no date."""
    due = work.due
    later = np.where(due < (now + SOON).timestamp(), 1, 2)
    return np.where(np.isnan(due), 3, np.where(due < _end_of_today(now, tz).timestamp(), 0, later))


def needs_one_more(work: OpenWork) -> np.ndarray:
    """Somebody is in already and one place is left: one person makes it happen."""
    return ((work.taken > 0) & (work.slots == work.taken + 1)).astype(np.int64)


def member_tz(member) -> TzInfo:
    try:
        return zoneinfo.ZoneInfo(member.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, AttributeError):
        return timezone.get_current_timezone()


@dataclass(frozen=True)
class Ranking:
    """The best `top` candidates (indexes into the open work, best first), how many candidates
    there are, and the scores the cards explain."""

    order: np.ndarray
    total: int
    scores: dict[str, np.ndarray]


def rank(
    work: OpenWork,
    candidates: np.ndarray,
    member: Member,
    *,
    skill_ids,
    now: datetime,
    tz: TzInfo,
    top: int,
    my_team: np.ndarray | None = None,
) -> Ranking:
    """`my_team`: the tasks reserved for the member's team (`for_my_team`), which come first."""
    scores = {
        "my_team": (my_team if my_team is not None else np.zeros(len(work), bool)).astype(np.int64),
        "skills_matched": skills_matched(work, skill_ids),
        "nearness": nearness(work, member),
        "week_fit": week_fit(work, member, tz=tz, now=now),
        "urgency": urgency(work, now=now, tz=tz),
        "needs_one_more": needs_one_more(work),
    }
    chosen = np.flatnonzero(candidates)
    # Steps 0 to 5 as one number, smaller is better (each step's range times the next ones').
    # Skills matched has no fixed range: the team's tasks lead by more than the most of them.
    matched = scores["skills_matched"][chosen]
    lead = int(matched.max()) + 1 if len(chosen) else 1
    tier = -matched - scores["my_team"][chosen] * lead
    for name, size, better_is_smaller in (
        ("nearness", 3, False),
        ("week_fit", 3, False),
        ("urgency", 4, True),
        ("needs_one_more", 2, False),
    ):
        value = scores[name][chosen]
        tier = tier * size + (value if better_is_smaller else size - 1 - value)
    # Only the tiers that can reach the first `top` places are sorted in full.
    if 0 < top < len(chosen):
        cut = np.partition(tier, top - 1)[top - 1]
        keep = tier <= cut
        chosen, tier = chosen[keep], tier[keep]
    due_nulls_last = np.where(np.isnan(work.due[chosen]), np.inf, work.due[chosen])
    order = chosen[np.lexsort((work.task_id[chosen], due_nulls_last, tier))]  # the last key sorts first
    return Ranking(order=order[:top], total=int(candidates.sum()), scores=scores)


# --- The selectors ---------------------------------------------------------------------------------

# What a task card shows (`actions.cards.task_cards`, with `select_related("action")`).
TASK_CARD_FIELDS = (
    "id",
    "title",
    "effort_minutes",
    "slots",
    "taken",
    "deadline",
    "starts_at",
    "ends_at",
    "place",
    "action__id",
    "action__title",
    "action__place",
    "action__community_id",
)


def _rows(viewer: Viewer, community: Community, task_ids, *, now: datetime) -> list[Task]:
    """The tasks with these ids, in this order, if they are still claimable as `claimable_mask`
    says: a task taken or cancelled a moment ago is left out rather than offered.

    Read by primary key (the database then looks at these rows only), and the action's side of
    the rule checked on the rows, with a rota team's reservation (a swap may have just moved it).
    """
    # The viewer's own claims are part of the open work, and were left out of `task_ids` already.
    tasks = Task.objects.filter(
        still_ahead(now), pk__in=list(task_ids), cancelled_at__isnull=True, taken__lt=F("slots")
    )
    teams = set(viewer.team_ids.tolist())
    fields = (*TASK_CARD_FIELDS, "reserved_for_team", "reserved_until", "action__stage", "action__visibility")
    by_id = {}
    for task in tasks.select_related("action").only(*fields):
        action = task.action
        readable = viewer.is_member or action.visibility == ActionVisibility.PUBLIC
        reserved = (
            task.reserved_for_team_id is not None and task.reserved_until is not None and now < task.reserved_until
        )
        if reserved and task.reserved_for_team_id not in teams:
            continue
        if action.community_id == community.pk and action.stage in LIVE_STAGES and readable:
            by_id[task.pk] = task
    return [by_id[task_id] for task_id in task_ids if task_id in by_id]


def _page_number(number, total: int) -> int:
    """As `Paginator.get_page`: not a number is the first page, past the end is the last."""
    try:
        wanted = int(number)
    except (TypeError, ValueError, OverflowError):
        return 1
    last = max(1, -(-total // PAGE_SIZE))
    return min(max(1, wanted), last, MAX_PAGE_NUMBER)


def tasks_for_you(
    member: Member,
    community: Community,
    *,
    filters: ForYouFilters | None = None,
    page: int | str = 1,
    now: datetime | None = None,
) -> Page:
    """A page of the tasks `member` could take on in `community`, best first.

    Four queries whatever the data (with the community's open work already read): the member's
    skills, membership and own actions, then the page's rows; a fifth, the member's rota teams,
    when some open work is reserved for a team. Each row carries its scores and
    `matching_skills` (for "matches your skills: …"). Tasks of actions that are for the
    member themselves are left out: nobody volunteers to help themselves.
    """
    now = now or timezone.now()
    tz = member_tz(member)
    work = open_work(community)
    viewer = Viewer.of(member, community, own_actions=True, work=work, now=now)
    skills = list(member.skills.only("id", "slug", "name", "is_curated"))  # by name
    skill_ids = [skill.pk for skill in skills]
    candidates = claimable_mask(work, viewer, community, now=now)
    candidates &= filter_mask(work, filters or ForYouFilters(), now=now, tz=tz)
    number = _page_number(page, int(candidates.sum()))
    mine = for_my_team(work, viewer, now=now)
    ranking = rank(work, candidates, member, skill_ids=skill_ids, now=now, tz=tz, top=number * PAGE_SIZE, my_team=mine)
    shown = ranking.order[(number - 1) * PAGE_SIZE :]
    rows = _rows(viewer, community, work.task_id[shown].tolist(), now=now)
    position = {int(work.task_id[i]): int(i) for i in shown}
    for task in rows:
        for name, values in ranking.scores.items():
            setattr(task, name, int(values[position[task.pk]]))
        # The member's skills this task asks for, from the columns the ranking counted them in.
        asks = work.skills_of(position[task.pk])
        setattr(task, "matching_skills", [skill for skill in skills if skill.pk in asks])  # noqa: B010
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.__dict__["count"] = ranking.total  # fills the cached property: the total is the ranking's
    return Page(rows, number, paginator)


def next_open_tasks(viewer, community: Community, *, limit: int, is_member: bool, now: datetime) -> list[Task]:
    """The next `limit` tasks `viewer` could take on, soonest first, undated ones last."""
    work = open_work(community)
    viewer_state = Viewer.of(viewer, community, is_member=is_member, work=work, now=now)
    chosen = np.flatnonzero(claimable_mask(work, viewer_state, community, now=now))
    due = np.where(np.isnan(work.due[chosen]), np.inf, work.due[chosen])
    if 0 < limit < len(chosen):  # only the ones that can be among the first `limit` are sorted
        keep = due <= np.partition(due, limit - 1)[limit - 1]
        chosen, due = chosen[keep], due[keep]
    soonest = chosen[np.lexsort((work.task_id[chosen], due))][:limit]
    return _rows(viewer_state, community, work.task_id[soonest].tolist(), now=now)

"""'For you': the open tasks a member can take on, ranked by the database.

The order is lexicographic, so each step can be told on the card in a few words:

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

Everything is an annotation over indexed filters, sorted and cut by the database (LIMIT), so
the page costs the same few queries with ten tasks or a hundred thousand.
"""

import operator
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from datetime import tzinfo as TzInfo
from functools import lru_cache, reduce

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, Substr
from django.db.models.lookups import Exact
from django.utils import timezone

from talkoot.actions.models import (
    STAGE_ORDER,
    Action,
    ActionBeneficiary,
    ActionVisibility,
    Claim,
    ClaimStatus,
    Stage,
    Task,
)
from talkoot.communities.models import Community, Membership, Visibility
from talkoot.contributions.models import Category
from talkoot.members.availability import PARTS_OF_DAY, WEEKDAYS
from talkoot.members.models import Member, Skill

PAGE_SIZE = 20
MAX_PAGE_NUMBER = 100_000
LIVE_STAGES = [stage for stage in STAGE_ORDER if stage != Stage.CLOSED]
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


def still_ahead(now: datetime) -> Q:
    """Not past, in the sense of both `task_claim` (end and deadline) and `Task.status_at`
    (a task with only a start time is past once it has started)."""
    return (
        ~Q(ends_at__lt=now) & ~Q(deadline__lt=now) & ~Q(ends_at__isnull=True, deadline__isnull=True, starts_at__lt=now)
    )


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated


def claimable_tasks(viewer, community: Community, *, now: datetime) -> QuerySet[Task]:
    """Tasks of the community that `viewer` could claim right now.

    Not cancelled, not past, a place free, the action not closed, no claim of the viewer's own
    on it, and readable with the right to claim: members claim any task of their community,
    others only the tasks of public actions. Visitors see what they could claim after joining
    a public community. The community itself must already have passed `community_for`.
    """
    # `stage__in` the live stages rather than "not closed": the (community, stage) index then
    # skips the closed actions, which are most of a community's history.
    tasks = Task.objects.filter(
        still_ahead(now),
        action__community=community,
        action__stage__in=LIVE_STAGES,
        cancelled_at__isnull=True,
        taken__lt=F("slots"),
    )
    if not _signed_in(viewer):
        if community.visibility != Visibility.PUBLIC:
            return tasks.none()
        return tasks.filter(action__visibility=ActionVisibility.PUBLIC)
    # Not correlated with the task: the database answers it once for the whole list.
    viewer_is_member = Exists(Membership.objects.active().filter(community_id=community.pk, member_id=viewer.pk))
    # The viewer's own claims are few: found once (a list subquery), not probed for every task.
    mine = Claim.objects.filter(member_id=viewer.pk, status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE]).values(
        "task_id"
    )
    return tasks.filter(Q(action__visibility=ActionVisibility.PUBLIC) | Q(viewer_is_member)).exclude(pk__in=mine)


def apply_filters(tasks: QuerySet[Task], filters: ForYouFilters, *, now: datetime, tz: TzInfo) -> QuerySet[Task]:
    """Narrow by kind of help, when and how long. Unknown values narrow nothing."""
    if filters.category in CATEGORY_SKILLS:
        kind = Task.skills.through.objects.filter(
            task_id=OuterRef("pk"), skill__is_curated=True, skill__slug__in=CATEGORY_SKILLS[filters.category]
        )
        tasks = tasks.filter(Exists(kind))
    elif filters.category == Category.OTHER:
        known = Task.skills.through.objects.filter(
            task_id=OuterRef("pk"), skill__is_curated=True, skill__slug__in=_ALL_CATEGORY_SKILLS
        )
        tasks = tasks.exclude(Exists(known))

    # A task without a fixed time can be done on any day, so it belongs to every "when".
    if filters.when == WhenChoice.TODAY:
        tasks = tasks.filter(Q(starts_at__isnull=True) | Q(starts_at__lt=_end_of_today(now, tz)))
    elif filters.when == WhenChoice.WEEK:
        tasks = tasks.filter(Q(starts_at__isnull=True) | Q(starts_at__lt=now + SOON))

    if filters.length == LengthChoice.SHORT:
        tasks = tasks.filter(effort_minutes__lte=SHORT_MINUTES)
    elif filters.length == LengthChoice.MEDIUM:
        tasks = tasks.filter(effort_minutes__lte=MEDIUM_MINUTES)
    elif filters.length == LengthChoice.LONG:
        tasks = tasks.filter(effort_minutes__gt=MEDIUM_MINUTES)
    return tasks


def _end_of_today(now: datetime, tz: TzInfo) -> datetime:
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)


# --- The scores, as expressions ------------------------------------------------------------------


def skills_matched(skill_ids: Sequence[int]) -> Combinable:
    """How many of the task's skills are among `skill_ids` (the member's; 0 for a task that asks
    for none).

    One uncorrelated "tasks with this skill" set per skill of the member, each built once and
    looked up per task: a member lists a few skills, and this costs a fraction of a count
    probed for every task.
    """
    through = Task.skills.through.objects
    return reduce(
        operator.add,
        (
            Case(
                When(pk__in=through.filter(skill_id=skill_id).values("task_id"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for skill_id in skill_ids
        ),
        Value(0, output_field=IntegerField()),
    )


def _actions_of_people_at(place: Q) -> Q:
    """Tasks whose action is for people living at `place` (see the module docstring).

    Each part is an uncorrelated subquery: the database finds those actions once per query,
    not once per task.
    """
    people = Member.objects.filter(place).values("pk")
    for_members = ActionBeneficiary.objects.filter(member_id__in=people).values("action_id")
    for_represented = ActionBeneficiary.objects.filter(member__isnull=True, represented_by_id__in=people).values(
        "action_id"
    )
    for_commons = (
        Action.objects.filter(started_by_id__in=people)
        .exclude(Exists(ActionBeneficiary.objects.filter(action_id=OuterRef("pk"))))
        .values("pk")
    )
    return Q(action_id__in=for_members) | Q(action_id__in=for_represented) | Q(action_id__in=for_commons)


NEAR_POSTAL_AREA = 2
NEAR_MUNICIPALITY = 1


def nearness(member: Member) -> Combinable:
    postal_code = (member.postal_code or "").strip()
    municipality = (member.municipality or "").strip()
    whens = []
    if postal_code:
        whens.append(When(_actions_of_people_at(Q(postal_code=postal_code)), then=Value(NEAR_POSTAL_AREA)))
    if municipality:
        whens.append(When(_actions_of_people_at(Q(municipality__iexact=municipality)), then=Value(NEAR_MUNICIPALITY)))
    if not whens:
        return Value(0, output_field=IntegerField())
    return Case(*whens, default=Value(0), output_field=IntegerField())


# Parts of the day by the local hour of the start: the same boundaries as "I need help" uses.
PART_HOURS = {"morning": (0, 13), "afternoon": (13, 17), "evening": (17, 24)}

FITS_WEEK = 2
NO_FIXED_TIME = 1


def free_hours_of_week(mask: int) -> str:
    """The member's free parts of the week, one character per hour since Monday 00:00 ("1" free,
    "0" not): 168 characters. The database reads the start's hour out of it with one SUBSTR,
    however scattered the free times are."""
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


class LocalHourOfWeek(Func):
    """Hours since Monday 00:00 (0–167) of a timestamp, in the time zone `tz`.

    One native expression per database: Django's `Extract(..., tzinfo=...)` calls back into
    Python for every row on SQLite, which cost more than all the rest of the ranking together.
    On SQLite the offset comes from the time zone's changes over the next two years (a CASE over
    a handful of moments), so summer and winter time are both right.
    """

    output_field = IntegerField()

    def __init__(self, expression, *, tz: TzInfo, now: datetime):
        super().__init__(expression)
        self.tz = tz
        self.now = now

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        # Other databases: Django's own extraction, correct if slower.
        start = self.source_expressions[0]
        weekday = ExtractIsoWeekDay(start, tzinfo=self.tz)
        hour = ExtractHour(start, tzinfo=self.tz)
        return compiler.compile((weekday - 1) * 24 + hour)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        local = f"({sql} AT TIME ZONE %s)"
        name = str(self.tz)
        return (
            f"((EXTRACT(ISODOW FROM {local})::integer - 1) * 24 + EXTRACT(HOUR FROM {local})::integer)",
            (*params, name, *params, name),
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # Stored values are naive in the connection's time zone (UTC unless configured otherwise).
        stored = _utc_offset_minutes(connection.timezone, self.now)
        first, changes = offset_changes(self.tz, self.now.astimezone(UTC).date())
        modifier, modifier_params = "%s", [f"{first - stored:+d} minutes"]
        if changes:
            modifier = "CASE " + " ".join(f"WHEN {sql} < %s THEN %s" for _change in changes) + " ELSE %s END"
            modifier_params, before = [], first
            for moment, after in changes:
                modifier_params += [
                    *params,
                    connection.ops.adapt_datetimefield_value(moment),
                    f"{before - stored:+d} minutes",
                ]
                before = after
            modifier_params.append(f"{before - stored:+d} minutes")
        weekday = f"((CAST(strftime('%%w', {sql}, {modifier}) AS INTEGER) + 6) %% 7)"
        hour = f"CAST(strftime('%%H', {sql}, {modifier}) AS INTEGER)"
        return f"({weekday} * 24 + {hour})", (*params, *modifier_params, *params, *modifier_params)


def week_fit(member: Member) -> Combinable:
    """Needs the `start_hour_of_week` annotation (see `ranked`)."""
    if not member.availability:
        return Value(NO_FIXED_TIME, output_field=IntegerField())
    hour_is_free = Substr(
        Value(free_hours_of_week(member.availability), output_field=CharField()), F("start_hour_of_week") + 1, 1
    )
    return Case(
        When(starts_at__isnull=True, then=Value(NO_FIXED_TIME)),
        When(Exact(hour_is_free, Value("1")), then=Value(FITS_WEEK)),
        default=Value(0),
        output_field=IntegerField(),
    )


def urgency(now: datetime, tz: TzInfo) -> Combinable:
    """0 due today, 1 in the next 7 days, 2 later, 3 no date. Needs the `due` annotation."""
    return Case(
        When(due__isnull=True, then=Value(3)),
        When(due__lt=_end_of_today(now, tz), then=Value(0)),
        When(due__lt=now + SOON, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def needs_one_more() -> Combinable:
    """Somebody is in already and one place is left: one person makes it happen."""
    return Case(
        When(Q(taken__gt=0) & Q(slots=F("taken") + 1), then=Value(1)), default=Value(0), output_field=IntegerField()
    )


RANK_ORDER = [
    F("skills_matched").desc(),
    F("nearness").desc(),
    F("week_fit").desc(),
    F("urgency").asc(),
    F("needs_one_more").desc(),
    F("due").asc(nulls_last=True),
    F("id").asc(),
]


def member_tz(member) -> TzInfo:
    try:
        return zoneinfo.ZoneInfo(member.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, AttributeError):
        return timezone.get_current_timezone()


def ranked(
    tasks: QuerySet[Task], member: Member, *, skill_ids: Sequence[int], now: datetime, tz: TzInfo
) -> QuerySet[Task]:
    """The tasks with their scores annotated, best first. `skill_ids` are the member's skills."""
    return (
        tasks.annotate(
            due=Coalesce("starts_at", "deadline"),
            start_hour_of_week=LocalHourOfWeek("starts_at", tz=tz, now=now),
        )
        .annotate(
            skills_matched=skills_matched(skill_ids),
            nearness=nearness(member),
            week_fit=week_fit(member),
            urgency=urgency(now, tz),
            needs_one_more=needs_one_more(),
        )
        .order_by(*RANK_ORDER)
    )


# --- The selector ----------------------------------------------------------------------------------

# What `actions/includes/task_card.html` shows (with `select_related("action")`).
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


def tasks_for_you(
    member: Member,
    community: Community,
    *,
    filters: ForYouFilters | None = None,
    page: int | str = 1,
    now: datetime | None = None,
) -> Page:
    """A page of the tasks `member` could take on in `community`, best first.

    Four queries whatever the data: the member's skills, the count, the page (with its action)
    and the matching skills of the tasks on the page (`task.matching_skills`, for "matches
    your skills: …").
    Tasks of actions that are for the member themselves are left out: nobody volunteers to
    help themselves.
    """
    now = now or timezone.now()
    tz = member_tz(member)
    own = ActionBeneficiary.objects.filter(member_id=member.pk).values("action_id")
    tasks = claimable_tasks(member, community, now=now).exclude(action_id__in=own)
    tasks = apply_filters(tasks, filters or ForYouFilters(), now=now, tz=tz)
    skill_ids = list(member.skills.values_list("id", flat=True))
    matching = Skill.objects.filter(id__in=skill_ids).only("id", "slug", "name", "is_curated").order_by("name")
    tasks = (
        ranked(tasks, member, skill_ids=skill_ids, now=now, tz=tz)
        .select_related("action")
        .only(*TASK_CARD_FIELDS)
        .prefetch_related(Prefetch("skills", queryset=matching, to_attr="matching_skills"))
    )
    return page_with_total(tasks, page)


def page_with_total(queryset: QuerySet, number: int | str) -> Page:
    """The page `number`, with the total read from COUNT(*) OVER () on the page's own rows.

    The ranking has to look at every candidate to sort them anyway; a separate COUNT would look
    at them all a second time. Only an empty page (nothing at all, or past the end) asks for the
    count, to fall back to the last page as `Paginator.get_page` does.
    """
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError, OverflowError):
        wanted = 1
    bottom = (wanted - 1) * PAGE_SIZE
    rows = []
    if wanted <= MAX_PAGE_NUMBER:  # beyond it, the offset would not even fit the database's integers
        rows = list(queryset.annotate(total_count=Window(Count("id")))[bottom : bottom + PAGE_SIZE])
    if not rows:
        return paginator.get_page(wanted)
    paginator.__dict__["count"] = rows[0].total_count  # fills the cached property
    return Page(rows, wanted, paginator)

"""The work of a community as it stands: the open tasks as columns ('For you' ranks them, the
community page lists the next few), and its actions by stage (the community page's columns).

Ranking every open task of a big community in SQL costs a few microseconds per task and row,
which at 16,000 open tasks is over 100 ms a page. Here the facts of the open tasks that do not
depend on who is looking (times, places, slots, skills, the places of the people each action is
for) are read once into numpy columns, and each request ranks them for its viewer in well under a
millisecond, then reads only the 20 rows it shows.

Freshness:

- `Community.work_version` goes up in the same transaction as every service that changes open
  work (`work_changed`), so every process sees a change the moment it commits;
- any save of a task, claim, action, beneficiary or member's place in this process (factories,
  the shell, the admin) forgets the columns here too (`forget`, wired in `apps.py`);
- columns older than `MAX_AGE` are read again, which bounds what a change made some other way
  (a raw SQL fix, another machine's shell) can leave behind;
- the rows the page finally shows are checked again as they are read, so a task that stopped
  being claimable a moment ago is dropped rather than offered.

Time is never cached: "past" is decided at each request from the stored end, deadline or start.

The actions by stage (`actions_by_stage`) follow the same version: starting an action and moving
one between stages call `work_changed` too. Counting a big community's actions costs 5 to 20 ms
on PostgreSQL, every page view, for numbers that change a few times a day.
"""

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from talkoot.actions.models import Action, ActionBeneficiary, ActionVisibility, Claim, ClaimStatus, Stage, Task
from talkoot.communities.models import Community
from talkoot.core.compiled import CompiledUpdate

MAX_AGE = 300.0  # seconds
MAX_COMMUNITIES = 64  # per process; a community's columns take about 100 bytes a task
LIVE_STAGES = [Stage.INITIATE, Stage.DESIGN, Stage.DELIVER, Stage.ASSESS]
NO_TIME = math.nan


def _epoch(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else NO_TIME


@dataclass(frozen=True)
class OpenWork:
    """Open tasks of one community (not cancelled, a place free, the action live, not past when
    read), one entry per task in every array, and the places of the people their actions are for."""

    version: int
    read_at: float  # time.monotonic()
    task_id: np.ndarray  # int64
    action_id: np.ndarray  # int64
    public: np.ndarray  # bool: the action is readable by anyone
    effort: np.ndarray  # int64 minutes
    slots: np.ndarray
    taken: np.ndarray
    starts: np.ndarray  # float64 seconds since the epoch, NaN when none
    deadline: np.ndarray
    ends: np.ndarray
    due: np.ndarray  # the start, else the deadline
    # Pairs (index into the task arrays, skill id) in the order of the index, and the curated
    # slug of each skill.
    skill_task: np.ndarray
    skill_id: np.ndarray
    curated_slugs: dict[int, str]
    # Pairs (index into the task arrays, member id) of the active and done claims.
    claim_task: np.ndarray
    claim_member: np.ndarray
    # A rota's task is its team's until a moment (talkoot.rotas): the team's id (0 for none), the moment.
    reserved_team: np.ndarray  # int64
    reserved_until: np.ndarray  # float64 seconds since the epoch, NaN when none
    # The tasks (indexes into the task arrays) whose action is for someone with this postal code,
    # or in this municipality (case-folded).
    tasks_by_postal_code: dict[str, np.ndarray]
    tasks_by_municipality: dict[str, np.ndarray]
    # Columns worked out from these for one kind of viewer (the local hours in one time zone),
    # kept as long as the snapshot: see `derived`.
    _derived: dict = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.task_id)

    def skills_of(self, index: int) -> set[int]:
        """The skill ids the task at `index` asks for."""
        start, stop = np.searchsorted(self.skill_task, [index, index + 1])
        return set(self.skill_id[start:stop].tolist())

    def derived(self, key, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """`compute()`, once per snapshot and `key` (two threads may both compute it; same result)."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = compute()
            return value

    def still_ahead(self, now: datetime) -> np.ndarray:
        """`still_ahead` of each task, at `now`."""
        moment = now.timestamp()
        undated_end = np.isnan(self.ends) & np.isnan(self.deadline)
        return ~(self.ends < moment) & ~(self.deadline < moment) & ~(undated_end & (self.starts < moment))

    def reserved_at(self, now: datetime) -> np.ndarray:
        """The tasks still reserved for a rota's team at `now` (as `task_claim` decides it)."""
        return (self.reserved_team > 0) & (self.reserved_until > now.timestamp())


def open_tasks(community_id: int, *, now: datetime):
    """Tasks of the community with a place free, not cancelled, not past, the action not closed.

    `stage__in` the live stages rather than "not closed": the (community, stage, created_at)
    index then skips the closed actions, which are most of a community's history.
    """
    return Task.objects.filter(
        still_ahead(now),
        action__community_id=community_id,
        action__stage__in=LIVE_STAGES,
        cancelled_at__isnull=True,
        taken__lt=F("slots"),
        hidden_at__isnull=True,  # hidden by stewards after a report
        action__hidden_at__isnull=True,
    )


def not_reserved_for_others(now: datetime, member_id: int | None) -> Q:
    """Not a rota's task still reserved for a team `member_id` is not in (any team, for a visitor):
    until `reserved_until` only the team on duty may take it on, so nobody else is offered it."""
    free = Q(reserved_for_team__isnull=True) | Q(reserved_until__isnull=True) | Q(reserved_until__lte=now)
    if member_id is None:
        return free
    from talkoot.rotas.models import RotaTeamMember  # rotas build on actions, not the other way

    in_team = RotaTeamMember.objects.filter(team_id=OuterRef("reserved_for_team_id"), member_id=member_id)
    return free | Q(Exists(in_team))


def still_ahead(now: datetime) -> Q:
    """Not past, in the sense of both `task_claim` (end and deadline) and `Task.status_at`
    (a task with only a start time is past once it has started)."""
    return (
        ~Q(ends_at__lt=now) & ~Q(deadline__lt=now) & ~Q(ends_at__isnull=True, deadline__isnull=True, starts_at__lt=now)
    )


_cache: OrderedDict[int, OpenWork] = OrderedDict()
_lock = threading.Lock()


def open_work(community: Community) -> OpenWork:
    """The community's open work, read again only when it changed (see the module docstring)."""
    version = community.work_version
    with _lock:
        cached = _cache.get(community.pk)
        if cached is not None and cached.version == version and time.monotonic() - cached.read_at < MAX_AGE:
            _cache.move_to_end(community.pk)
            return cached
    work = _read(community.pk, version)
    with _lock:
        _cache[community.pk] = work
        _cache.move_to_end(community.pk)
        while len(_cache) > MAX_COMMUNITIES:
            _cache.popitem(last=False)
    return work


# --- Actions by stage ------------------------------------------------------------------------------

NEWEST_PER_STAGE = 5


@dataclass(frozen=True)
class ActionsByStage:
    """How many actions each stage holds, and the newest of each live stage as (id, title),
    newest first: of every action (what members see) or of the public ones (everyone else)."""

    version: int
    read_at: float
    counts: dict[str, int]
    newest: dict[str, tuple[tuple[int, str], ...]]


_stages_cache: OrderedDict[tuple[int, bool], ActionsByStage] = OrderedDict()


def actions_by_stage(community: Community, *, members: bool) -> ActionsByStage:
    """The community's actions by stage as `members` (or anyone else) see them; read again only
    when the community's work changed (see the module docstring)."""
    key, version = (community.pk, members), community.work_version
    with _lock:
        cached = _stages_cache.get(key)
        if cached is not None and cached.version == version and time.monotonic() - cached.read_at < MAX_AGE:
            _stages_cache.move_to_end(key)
            return cached
    summary = _read_stages(community.pk, version, members=members)
    with _lock:
        _stages_cache[key] = summary
        _stages_cache.move_to_end(key)
        while len(_stages_cache) > 2 * MAX_COMMUNITIES:
            _stages_cache.popitem(last=False)
    return summary


def _read_stages(community_id: int, version: int, *, members: bool) -> ActionsByStage:
    """Two queries: every stage counted in one pass over the (community, stage, created_at) index,
    and the newest few of each live stage by one walk down it per stage."""
    read_at = time.monotonic()
    visible = Action.objects.filter(community_id=community_id)
    if not members:
        visible = visible.filter(visibility=ActionVisibility.PUBLIC)
    counts = dict(visible.order_by().values_list("stage").annotate(count=Count("id")))
    walks = Q()
    for stage in LIVE_STAGES:
        shown = visible.filter(stage=stage, hidden_at__isnull=True).order_by("-created_at", "-id")
        walks |= Q(pk__in=shown.values("pk")[:NEWEST_PER_STAGE])
    # By primary key alone: the walks already keep to what these viewers may see.
    newest: dict[str, list[tuple[int, str]]] = {}
    rows = Action.objects.filter(walks).order_by("-created_at", "-id").values_list("id", "title", "stage")
    for pk, title, stage_of_action in rows:
        newest.setdefault(stage_of_action, []).append((pk, title))
    return ActionsByStage(
        version=version, read_at=read_at, counts=counts, newest={key: tuple(value) for key, value in newest.items()}
    )


# --- Keeping it fresh ------------------------------------------------------------------------------


_bump_work_version = CompiledUpdate(
    lambda *, community_id: (Community.objects.filter(pk=community_id), {"work_version": F("work_version") + 1})
)


def work_changed(community_id: int) -> None:
    """Call inside the transaction of any write that changes a community's open work."""
    _bump_work_version(community_id=community_id)
    transaction.on_commit(forget)


def forget(*_args, **_kwargs) -> None:
    """Drop every community's columns and stage counts in this process (a signal receiver too)."""
    with _lock:
        _cache.clear()
        _stages_cache.clear()


PLACE_FIELDS = frozenset({"postal_code", "municipality"})


def forget_on_place_change(*_args, update_fields=None, **_kwargs) -> None:
    """A member's place decides the nearness of the actions for them (not their last login)."""
    if update_fields is None or PLACE_FIELDS & set(update_fields):
        forget()


def _read(community_id: int, version: int) -> OpenWork:
    """Two queries: the tasks with their skills and claimants, and the places of the people their
    actions are for."""
    read_at = time.monotonic()
    tasks = open_tasks(community_id, now=timezone.now())
    # Each task's skills ride along as "id:slug" (slug of curated skills only), one query for both.
    skill = Concat(
        Cast("skills__id", CharField()),
        Value(":"),
        Case(When(skills__is_curated=True, then="skills__slug"), default=Value("")),
        output_field=CharField(),
    )
    claimants = (
        Claim.objects.filter(task_id=OuterRef("pk"), status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE])
        .order_by()
        .values("task_id")
        .annotate(ids=StringAgg(Cast("member_id", CharField()), delimiter=Value(",")))
        .values("ids")
    )
    fields = ("id", "action_id", "action__visibility", "effort_minutes", "slots", "taken")
    rows = list(
        tasks.annotate(
            skill_list=StringAgg(skill, delimiter=Value(","), filter=Q(skills__isnull=False), default=Value(""))
        )
        .annotate(claimant_list=Subquery(claimants))
        .values_list(
            *fields,
            *("starts_at", "deadline", "ends_at", "skill_list", "claimant_list"),
            *("reserved_for_team_id", "reserved_until"),
        )
        .order_by("id")
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * 13
    starts = np.array([_epoch(value) for value in columns[6]], dtype=np.float64)
    deadline = np.array([_epoch(value) for value in columns[7]], dtype=np.float64)
    ends = np.array([_epoch(value) for value in columns[8]], dtype=np.float64)
    action_ids = np.array(columns[1], dtype=np.int64)

    skill_task, skill_ids, curated = [], [], {}
    for i, skill_list in enumerate(columns[9]):
        for item in filter(None, (skill_list or "").split(",")):
            skill_id, _colon, slug = item.partition(":")
            skill_task.append(i)
            skill_ids.append(int(skill_id))
            if slug:
                curated[int(skill_id)] = slug
    claim_task, claim_member = [], []
    for i, claimant_list in enumerate(columns[10]):
        for member_id in filter(None, (claimant_list or "").split(",")):
            claim_task.append(i)
            claim_member.append(int(member_id))

    task_indexes_of_action: dict[int, list[int]] = {}
    for i, action_id in enumerate(columns[1]):
        task_indexes_of_action.setdefault(action_id, []).append(i)
    by_postal_code: dict[str, list[int]] = {}
    by_municipality: dict[str, list[int]] = {}
    for action_id, postal, town in _places_of_people(tasks.values("action_id")):
        indexes = task_indexes_of_action.get(action_id, ())
        if postal and postal.strip():
            by_postal_code.setdefault(postal.strip(), []).extend(indexes)
        if town and town.strip():
            by_municipality.setdefault(town.strip().casefold(), []).extend(indexes)

    return OpenWork(
        version=version,
        read_at=read_at,
        task_id=np.array(columns[0], dtype=np.int64),
        action_id=action_ids,
        public=np.array([value == ActionVisibility.PUBLIC for value in columns[2]], dtype=bool),
        effort=np.array(columns[3], dtype=np.int64),
        slots=np.array(columns[4], dtype=np.int64),
        taken=np.array(columns[5], dtype=np.int64),
        starts=starts,
        deadline=deadline,
        ends=ends,
        due=np.where(np.isnan(starts), deadline, starts),
        skill_task=np.array(skill_task, dtype=np.int64),
        skill_id=np.array(skill_ids, dtype=np.int64),
        curated_slugs=curated,
        claim_task=np.array(claim_task, dtype=np.int64),
        claim_member=np.array(claim_member, dtype=np.int64),
        reserved_team=np.array([value or 0 for value in columns[11]], dtype=np.int64),
        reserved_until=np.array([_epoch(value) for value in columns[12]], dtype=np.float64),
        tasks_by_postal_code={key: np.array(value, dtype=np.int64) for key, value in by_postal_code.items()},
        tasks_by_municipality={key: np.array(value, dtype=np.int64) for key, value in by_municipality.items()},
    )


def _places_of_people(action_ids) -> list[tuple[int, str, str]]:
    """(action id, postal code, municipality) of the people each action is for: its member
    beneficiaries, the members who speak for people without an account, and the member who
    started it when it is for the commons (nobody named)."""
    beneficiaries = ActionBeneficiary.objects.filter(action_id__in=action_ids)
    members = beneficiaries.filter(member__isnull=False).values_list(
        "action_id", "member__postal_code", "member__municipality"
    )
    speakers = beneficiaries.filter(member__isnull=True, represented_by__isnull=False).values_list(
        "action_id", "represented_by__postal_code", "represented_by__municipality"
    )
    starters = (
        Action.objects.filter(pk__in=action_ids, beneficiaries__isnull=True, started_by__isnull=False)
        .values_list("id", "started_by__postal_code", "started_by__municipality")
        .order_by()
    )
    return list(members.order_by().union(speakers.order_by(), starters, all=True))

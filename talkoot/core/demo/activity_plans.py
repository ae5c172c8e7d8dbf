"""The planned activity as plain data, and the roster that draws people for it.

People are indices into `DemoPlan.people`; `activity_writer.py` turns the plans into rows.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from talkoot.core.demo.personas import (
    ELDERLY_MEMBER,
    FIXED_PERSONAS,
    OTHER_COMMUNITY_MEMBER,
    STEWARD_TO_BE,
    YOUNG_VOLUNTEER,
)

AINO, EINO, SAARA, BJORN = (
    FIXED_PERSONAS.index(p) for p in (STEWARD_TO_BE, ELDERLY_MEMBER, YOUNG_VOLUNTEER, OTHER_COMMUNITY_MEMBER)
)


@dataclass
class BeneficiaryPlan:
    person: int | None = None
    name: str = ""  # someone without an account, named by `represented_by`
    represented_by: int | None = None


@dataclass
class ClaimPlan:
    person: int
    status: str  # active, done, did_not_happen, withdrawn
    created_at: datetime
    late: bool = False
    actual_minutes: int | None = None
    finished_at: datetime | None = None


@dataclass
class TaskPlan:
    title: str
    description: str
    effort_minutes: int
    slots: int
    category: str  # of the help, when someone does it
    created_by: int
    created_at: datetime
    place: str = ""
    skills: tuple[str, ...] = ()
    deadline: datetime | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    series: int | None = None  # index into ActionPlan.series
    claims: list[ClaimPlan] = field(default_factory=list)

    @property
    def taken(self) -> int:
        return sum(1 for claim in self.claims if claim.status in ("active", "done"))


@dataclass
class SeriesPlan:
    title: str
    description: str
    effort_minutes: int
    slots: int
    place: str
    skills: tuple[str, ...]
    rrule: str
    first_starts_at: datetime
    generated_until: datetime
    created_by: int
    created_at: datetime


@dataclass
class StageMovePlan:
    from_stage: str
    to_stage: str
    actor: int | None  # None: closed automatically after the assess period
    at: datetime
    reason: str = ""


@dataclass
class AssessmentPlan:
    assessor: int
    value_in_use: int
    created_at: datetime
    difference: str = ""
    change_next_time: str = ""
    on_behalf_of: int | None = None  # index into ActionPlan.beneficiaries


@dataclass
class ActionPlan:
    community: str
    title: str
    problem: str
    started_by: int
    stage: str
    created_at: datetime
    visibility: str = "community"
    place: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    assess_started_at: datetime | None = None
    closed_at: datetime | None = None
    beneficiaries: list[BeneficiaryPlan] = field(default_factory=list)
    participants: dict[int, datetime] = field(default_factory=dict)  # person -> joined at
    tasks: list[TaskPlan] = field(default_factory=list)
    series: list[SeriesPlan] = field(default_factory=list)
    moves: list[StageMovePlan] = field(default_factory=list)
    assessments: list[AssessmentPlan] = field(default_factory=list)


@dataclass
class ThanksPlan:
    person: int
    created_at: datetime
    message: str = ""


@dataclass
class ContributionPlan:
    community: str
    contributor: int
    minutes: int
    category: str
    happened_at: datetime
    note: str = ""
    beneficiaries: list[BeneficiaryPlan] = field(default_factory=list)  # none: a gift to the commons
    thanks: list[ThanksPlan] = field(default_factory=list)
    # Where it came from: (action, task, claim) indices, or None for help given outside any action.
    claim: tuple[int, int, int] | None = None


@dataclass
class ActivityPlan:
    actions: list[ActionPlan]
    contributions: list[ContributionPlan]


class Roster:
    """Members of one community, drawn by weight among those who belonged at a given moment."""

    def __init__(self, entries: list[tuple[datetime, datetime | None, int, float]]):
        entries = sorted(entries, key=lambda entry: (entry[0], entry[2]))
        self.joined = [entry[0] for entry in entries]
        self.left = [entry[1] for entry in entries]
        self.people = [entry[2] for entry in entries]
        self.spells: dict[int, list[tuple[datetime, datetime | None]]] = {}
        for joined, left, person, _weight in entries:
            self.spells.setdefault(person, []).append((joined, left))
        self.cumulative: list[float] = []
        total = 0.0
        for entry in entries:
            total += entry[3]
            self.cumulative.append(total)

    def pick(self, rng: random.Random, at: datetime, exclude: set[int] | frozenset[int] = frozenset()) -> int | None:
        known = bisect_right(self.joined, at)
        if not known:
            return None
        for _ in range(40):
            i = min(bisect_right(self.cumulative, rng.random() * self.cumulative[known - 1]), known - 1)
            left = self.left[i]
            if (left is None or left > at) and self.people[i] not in exclude:
                return self.people[i]
        return None

    def member_at(self, person: int, at: datetime) -> bool:
        return any(joined <= at and (left is None or left > at) for joined, left in self.spells.get(person, ()))

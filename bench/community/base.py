"""Constants, weighted choice and the generator's helpers, shared by its parts."""

import random
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from bench.loader import Sink, Table
from talkoot.actions.models import Action, ActionBeneficiary, ActionParticipant, Claim, Task, TaskSeries
from talkoot.communities.models import Community, Membership
from talkoot.contributions.models import Assessment, Contribution, ContributionBeneficiary, Thanks
from talkoot.history.models import HistoryEntry
from talkoot.members.models import Member, Skill

SEED = 2026
FULL = {"members": 5_000, "actions": 20_000, "tasks": 100_000, "contributions": 1_000_000}
MINIMUM = {"members": 60, "actions": 40, "tasks": 200, "contributions": 2_000}
COMMUNITY_SLUG = "kallio-cares"
VIEWER_ID = 1
BENCH_ACTION_TASKS = 12
BENCH_ACTION_EXTRA_CONTRIBUTIONS = 60

MODELS = [
    Skill,
    Member,
    Member.skills.through,
    Community,
    Membership,
    Action,
    ActionParticipant,
    ActionBeneficiary,
    TaskSeries,
    Task,
    Task.skills.through,
    Claim,
    Contribution,
    ContributionBeneficiary,
    Thanks,
    Assessment,
    HistoryEntry,
]

# fmt: off
FIRST = [
    "Aino", "Eino", "Helmi", "Väinö", "Sofia", "Leevi", "Aada", "Onni", "Ella", "Elias", "Lilja", "Oliver", "Eevi",
    "Toivo", "Venla", "Kerttu", "Matti", "Liisa", "Pekka", "Anneli", "Juhani", "Marjatta", "Kalevi", "Ritva", "Tapio",
    "Sirkka", "Jorma", "Hilkka", "Seppo", "Amina", "Yusuf", "Olga", "Dmitri", "Mei", "Hassan", "Fatima", "Ali",
]
LAST = [
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
    "Järvinen", "Lehtonen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen",
    "Turunen", "Ahmed", "Ivanova", "Nguyen", "Hassan", "Lindqvist",
]
# fmt: on
STREETS = "Helsinginkatu Fleminginkatu Vaasankatu Castréninkatu Sturenkatu Kaarlenkatu Porthaninkatu Torkkelinkatu"
PLACES = [f"{street} {n}" for street in STREETS.split() for n in (3, 12, 27)] + ["Kallio library", "Church hall"]
MUNICIPALITIES = [  # name, postal code prefix, latitude, longitude, weight
    ("Helsinki", "00", 60.19, 24.94, 0.8),
    ("Espoo", "02", 60.21, 24.66, 0.1),
    ("Vantaa", "01", 60.29, 25.04, 0.1),
]
# Kinds of help: category, a curated skill, task titles ({name} is someone helped).
KINDS = [
    ("transport", "driving", ["Drive {name} to the health centre", "Pick {name} up from the station"]),
    ("meals", "cooking", ["Cook soup for {name}", "Bring lunch to {name}", "Bake for the coffee morning"]),
    ("company", "company", ["Coffee and a chat with {name}", "Visit {name} on Sunday afternoon"]),
    ("care", "first_aid", ["Sit with {name} after the operation", "Remind {name} about the evening medicine"]),
    ("household", "repairs", ["Fix the dripping tap at {name}'s", "Change the light bulbs in the stairwell"]),
    ("household", "cleaning", ["Clean the kitchen with {name}", "Wash the windows before winter"]),
    ("garden", "gardening", ["Rake the leaves in the yard", "Plant spring bulbs by the door"]),
    ("tech_help", "computers", ["Set up a new phone for {name}", "Help {name} with online banking"]),
    ("organising", "paperwork", ["Book the hall for the meeting", "Fill in the Kela form with {name}"]),
    ("other", "pets", ["Walk {name}'s dog in the morning", "Feed the cat while {name} is away"]),
    ("other", "reading", ["Read the newspaper to {name}", "Take library books to {name}"]),
    ("company", "walking", ["Walk to the shore with {name}", "Evening walk around the park"]),
    ("ideas", "crafts", ["Sketch a plan for the shared garden", "Collect ideas for the winter programme"]),
    ("household", "shopping", ["Do the weekly shopping for {name}", "Fetch medicine from the pharmacy"]),
]
ACTION_TITLES = [
    "Winter help for {name}",
    "Rides to the health centre for {name}",
    "Coffee mornings at the library",
    "Shared garden behind {street}",
    "Moving {name} to a new flat",
    "Weekly shopping round for the block",
    "Phone and tablet clinic",
    "Meals after {name}'s operation",
    "Spring clean of the courtyard",
    "Reading afternoons for the elderly",
]
PROBLEM = (
    "{name} cannot manage this alone for a while. We split the work into small pieces so that "
    "nobody has to give more than an hour at a time. Ask in the thread if something is unclear."
)
# stage, share of actions, how many tasks it carries relative to others
STAGES = [("closed", 0.70, 0.8), ("assess", 0.04, 1.0), ("deliver", 0.12, 2.5), ("design", 0.07, 1.6)]
STAGES += [("initiate", 0.07, 0.6)]
STAGE_ORDER = ["initiate", "design", "deliver", "assess", "closed"]
CATEGORIES = ["care", "company", "transport", "meals", "household", "garden", "tech_help", "organising"]
CATEGORIES += ["ideas", "other"]


def sizes(scale: float) -> dict[str, int]:
    return {name: max(MINIMUM[name], round(count * scale)) for name, count in FULL.items()}


def fingerprint_source(scale: float) -> dict:
    return {"seed": SEED, "sizes": sizes(scale)}


class Pool:
    """Weighted choice among members (or anything with ids), fast enough for a million draws."""

    def __init__(self, rng: random.Random, ids: list[int], weights: list[float]):
        self.rng, self.ids = rng, ids
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def one(self) -> int:
        index = bisect_right(self.cum, self.rng.random() * self.total)
        return self.ids[min(index, len(self.ids) - 1)]

    def distinct(self, count: int, exclude: set[int] | frozenset[int] = frozenset()) -> list[int]:
        chosen: list[int] = []
        seen = set(exclude)
        for _attempt in range(count * 20):
            if len(chosen) >= count:
                break
            member = self.one()
            if member not in seen:
                seen.add(member)
                chosen.append(member)
        return chosen


@dataclass
class ActionRecord:
    community: int
    stage: str
    created: datetime
    end: datetime  # closed_at, or now
    starter: int
    bench: bool = False
    id: int = 0
    participants: list[int] = field(default_factory=list)
    beneficiaries: list[int] = field(default_factory=list)  # members
    named: list[tuple[int, int]] = field(default_factory=list)  # (beneficiary row id, represented_by)
    assess_started: datetime | None = None


@dataclass
class TaskRecord:
    action: ActionRecord
    kind: int
    title: str
    effort: int
    slots: int
    starts_at: datetime | None
    deadline: datetime | None
    ends_at: datetime | None
    created: datetime
    cancelled: datetime | None
    place: str
    description: str
    series: int | None = None
    id: int = 0
    claims: list[tuple[int, str, datetime]] = field(default_factory=list)  # member, status, created

    @property
    def when(self) -> datetime | None:
        return self.ends_at or self.deadline or self.starts_at

    @property
    def taken(self) -> int:
        return sum(1 for _member, status, _created in self.claims if status in ("active", "done"))


class GeneratorBase:
    """State and helpers; the parts (people, work, ledger) add one table group each."""

    def __init__(self, sink: Sink, scale: float, now: datetime | None = None):
        self.sink = sink
        self.rng = random.Random(SEED)
        # Naive UTC, as both drivers store it. The same `now` and seed give the same rows.
        self.now = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None, microsecond=0)
        self.size = sizes(scale)
        self.ids: Counter[str] = Counter()

    # --- helpers ---------------------------------------------------------------------------------

    def next_id(self, name: str) -> int:
        self.ids[name] += 1
        return self.ids[name]

    def between(self, start: datetime, end: datetime) -> datetime:
        # One draw whatever the span, so both databases get the same rows from the same seed.
        offset = self.rng.random() * max(0.0, (end - start).total_seconds())
        return start + timedelta(seconds=int(offset))

    def days_ago(self, low: float, high: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low, high))

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def load(self, model, columns: list[str], rows) -> int:
        return self.sink.load(Table(model, columns), rows)

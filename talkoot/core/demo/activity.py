"""Plan a year of believable activity for a planned demo: actions, tasks, claims, help, thanks, assessments.

Pure like `plan.py`: no database, and only (plan, now) decide the result. One `random.Random`
seeded from the plan's seed drives every choice. Over the past 365 days and the coming 4 weeks,
each community gets about 1.2 actions per member in every stage, split into small tasks that
people claimed and did (or will do), weekly recurring visits, the help recorded in the
contribution ledger (to persons and to the commons), thanks, and the value in use people gave.

People are indices into `DemoPlan.people`; `activity_writer.py` turns them into rows.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from talkoot.core.demo import activity_texts as texts
from talkoot.core.demo.personas import ELDERLY_MEMBER, FIXED_PERSONAS, STEWARD_TO_BE, YOUNG_VOLUNTEER
from talkoot.core.demo.plan import FOUNDED_DAYS_AGO, DemoPlan

ACTIONS_PER_MEMBER = 1.2
UNPLANNED_PER_MEMBER = 0.6
YEAR = timedelta(days=365)
AHEAD = timedelta(weeks=4)
ASSESS_PERIOD = timedelta(days=14)  # as talkoot.actions.services closes assessed actions
SERIES_WEEKS_AHEAD = 4
THANKS_SHARE = 0.6

# Shares of the actions by stage; "I need help" requests and recurring visits come on top.
STAGE_SHARES = {"assess": 0.06, "deliver": 0.1, "design": 0.07, "initiate": 0.06}  # the rest is closed
STAGES = ["initiate", "design", "deliver", "assess", "closed"]
VALUE_WEIGHTS = (1, 2, 12, 40, 45)  # value in use 1..5

AINO, EINO, SAARA = (FIXED_PERSONAS.index(p) for p in (STEWARD_TO_BE, ELDERLY_MEMBER, YOUNG_VOLUNTEER))
_WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


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


def plan_activity(plan: DemoPlan, now: datetime) -> ActivityPlan:
    """A year of activity in every community of `plan`, the same for the same plan and `now`."""
    rng = random.Random(f"talkoot-activity-{plan.seed}")  # noqa: S311 - reproducible demo data
    planner = _Planner(rng, plan, now)
    for community in plan.communities:
        planner.community(community.key)
    return planner.finish()


class _Roster:
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


class _Planner:
    def __init__(self, rng: random.Random, plan: DemoPlan, now: datetime):
        self.rng, self.plan, self.now = rng, plan, now
        self.actions: list[ActionPlan] = []
        self.contributions: list[ContributionPlan] = []
        self.pending_contributions: list[tuple[ActionPlan, int, int, ContributionPlan]] = []

    # --- helpers ---------------------------------------------------------------------------------

    def lang(self, person: int) -> int:
        return 1 if self.plan.people[person].language == "en" else 0

    def between(self, start: datetime, end: datetime) -> datetime:
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def daytime(self, moment: datetime, earliest: int = 9, latest: int = 18) -> datetime:
        """The same local day at a believable time: 9:00, 9:30 ... 18:00."""
        day = timezone.localtime(moment).date()
        return self.local(day, self.rng.randint(earliest, latest), self.rng.choice((0, 30)))

    def in_season(self, template: texts.ActionText, moment: datetime) -> bool:
        return not template.months or timezone.localtime(moment).month in template.months

    # --- one community ---------------------------------------------------------------------------

    def community(self, key: str) -> None:
        rng, now = self.rng, self.now
        members = [m for m in self.plan.memberships if m.community == key]
        people = self.plan.people
        helpers, elders = [], []
        for m in members:
            person = people[m.person]
            weight = min(rng.paretovariate(1.6), 12.0) * (3.0 if person.young else 1.0)
            weight = {SAARA: 15.0, AINO: 6.0, EINO: 3.0}.get(m.person, weight)
            helpers.append((m.joined_at, m.left_at, m.person, weight))
            if not person.young:
                elders.append((m.joined_at, m.left_at, m.person, max(0.3, (person.age - 62) / 8)))
        self.helpers, self.elders = _Roster(helpers), _Roster(elders)
        self.key = key
        self.places = texts.PLACES[key]
        self.founded = now - timedelta(days=FOUNDED_DAYS_AGO[key])
        self.earliest = max(self.founded + timedelta(days=3), now - YEAR)
        active = sum(1 for m in members if m.left_at is None)

        total = max(len(STAGES), round(active * ACTIONS_PER_MEMBER))
        series = max(2, active // 40)
        needs = max(2, active // 25)
        counts = {stage: max(1, round(share * total)) for stage, share in STAGE_SHARES.items()}
        counts["closed"] = max(1, total - series - needs - sum(counts.values()))

        for stage in STAGES:
            for _ in range(counts[stage]):
                self.regular_action(stage)
        for index in range(series):
            self.series_action(index)
        for _ in range(needs):
            self.need_help()
        if key == "kallio":
            self.persona_needs()
        for _ in range(round(active * UNPLANNED_PER_MEMBER)):
            self.unplanned()

    # --- actions ---------------------------------------------------------------------------------

    def regular_action(self, stage: str) -> None:
        rng, now = self.rng, self.now
        if stage == "closed":
            span = (now - ASSESS_PERIOD - timedelta(days=1)) - (self.earliest + timedelta(days=8))
            assess = now - ASSESS_PERIOD - timedelta(days=1) - span * rng.random() ** 0.8
            created = max(self.earliest, assess - timedelta(days=rng.uniform(7, 60)))
        elif stage == "assess":
            assess = now - timedelta(days=rng.uniform(0.2, 13.5))
            created = max(self.earliest, assess - timedelta(days=rng.uniform(10, 60)))
        else:
            assess = None
            back = {"deliver": (7, 60), "design": (3, 30), "initiate": (0.1, 10)}[stage]
            created = max(self.earliest, now - timedelta(days=rng.uniform(*back)))
        template = self.template(texts.ACTIONS, assess or now)
        starter = self.starter(template, created)
        if starter is None:
            return
        action = self.new_action(template, starter, stage, created)
        action.assess_started_at = assess
        # When it reached design and deliver; the tasks happen while it delivers.
        end = assess or now
        design_at = created + (end - created) * rng.uniform(0.05, 0.2)
        deliver_at = design_at + (end - design_at) * rng.uniform(0.15, 0.4)
        if stage in ("closed", "assess"):
            window = (deliver_at, assess - timedelta(days=1))
        elif stage == "deliver":
            window = (deliver_at, now + AHEAD)
        else:
            window = (now + timedelta(days=1), now + AHEAD)
        task_templates = template.tasks if stage != "initiate" else template.tasks[: rng.randint(0, 1)]
        for task_text in task_templates:
            self.task(action, task_text, window)
        self.moves(action, design_at, deliver_at)
        self.settle(action)

    def template(self, templates: tuple[texts.ActionText, ...], moment: datetime) -> texts.ActionText:
        while True:
            template = self.rng.choice(templates)
            if self.in_season(template, moment):
                return template

    def starter(self, template: texts.ActionText, created: datetime) -> int | None:
        if template.kind == "need" and self.rng.random() < 0.5:
            return self.elders.pick(self.rng, created)  # asked for themselves
        return self.helpers.pick(self.rng, created)

    def new_action(self, template: texts.ActionText, starter: int, stage: str, created: datetime) -> ActionPlan:
        rng = self.rng
        lang = self.lang(starter)
        action = ActionPlan(
            community=self.key,
            title=template.title[lang],
            problem=template.problem[lang],
            started_by=starter,
            stage=stage,
            created_at=created,
            visibility="public" if rng.random() < template.public_chance else "community",
        )
        action.participants[starter] = created
        if template.kind == "need":
            named = rng.random() < 0.05
            if named:
                action.beneficiaries.append(self.named(starter))
            else:
                person = starter if starter in self.elders.spells and rng.random() < 0.7 else None
                person = person if person is not None else self.elders.pick(rng, created, {starter})
                if person is not None:
                    action.beneficiaries.append(BeneficiaryPlan(person))
            action.place = texts.HOME[lang] if rng.random() < 0.5 else rng.choice(self.places)
        elif template.kind == "group":
            chosen: set[int] = set()
            for _ in range(rng.randint(2, 6)):
                person = self.elders.pick(rng, created, chosen)
                if person is not None:
                    chosen.add(person)
                    action.beneficiaries.append(BeneficiaryPlan(person))
            if rng.random() < 0.1:
                action.beneficiaries.append(self.named(starter))
            action.place = rng.choice(self.places)
        self.actions.append(action)
        return action

    def named(self, representative: int) -> BeneficiaryPlan:
        return BeneficiaryPlan(name=self.rng.choice(texts.NAMED_BENEFICIARIES), represented_by=representative)

    # --- tasks and claims ------------------------------------------------------------------------

    def task(
        self,
        action: ActionPlan,
        text: texts.TaskText,
        window: tuple[datetime, datetime],
        *,
        claimers: int | None = None,
        timing: str | None = None,
    ) -> TaskPlan:
        rng, now = self.rng, self.now
        lang = self.lang(action.started_by)
        moment = self.daytime(self.between(*window))
        effort = rng.randint(*text.effort) // 5 * 5
        timing = timing or rng.choice(text.timing)
        created = self.between(action.created_at, min(moment - timedelta(hours=2), now))
        task = TaskPlan(
            title=text.title[lang],
            description=text.description[lang],
            effort_minutes=max(5, effort),
            slots=rng.randint(*text.slots),
            category=text.category,
            created_by=action.started_by,
            created_at=max(created, action.created_at),
            place=action.place if rng.random() < 0.7 else "",
            skills=text.skills if rng.random() < 0.8 else (),
        )
        if timing == texts.SLOT:
            task.starts_at, task.ends_at = moment, moment + timedelta(minutes=task.effort_minutes)
        elif timing == texts.DEADLINE:
            task.deadline = self.local(timezone.localtime(moment).date(), rng.choice((12, 16, 20)))
        action.tasks.append(task)
        self.claims(action, len(action.tasks) - 1, moment, claimers)
        return task

    def claims(self, action: ActionPlan, index: int, moment: datetime, wanted: int | None = None) -> None:
        """Who claimed the task: done ones if its time has passed, active ones if it is still ahead."""
        rng, now = self.rng, self.now
        task = action.tasks[index]
        happened = (task.deadline or task.ends_at or moment) < now
        exclude = {b.person for b in action.beneficiaries if b.person is not None}
        at = min(moment, now)
        if wanted is None:
            if happened:
                wanted = task.slots if rng.random() < 0.85 else rng.randint(0, task.slots)
            else:
                roll = rng.random()
                wanted = 0 if roll < 0.4 else (task.slots - 1 if roll < 0.6 else task.slots)
        if rng.random() < 0.12:  # someone offered, then could not make it
            person = self.helpers.pick(rng, at, exclude)
            if person is not None:
                exclude.add(person)
                status = "did_not_happen" if happened and rng.random() < 0.4 else "withdrawn"
                claimed = self.between(task.created_at, min(moment, now))
                finished = self.between(claimed, min(moment, now))
                late = status == "withdrawn" and rng.random() < 0.35
                task.claims.append(ClaimPlan(person, status, claimed, late=late, finished_at=finished))
        for _ in range(wanted):
            person = self.helpers.pick(rng, at, exclude)
            if person is None:
                break
            exclude.add(person)
            self.claim(action, index, person, moment, done=happened)

    def claim(self, action: ActionPlan, index: int, person: int, moment: datetime, *, done: bool) -> None:
        rng, now = self.rng, self.now
        task = action.tasks[index]
        claimed = self.between(task.created_at, min(moment - timedelta(hours=1), now))
        claim = ClaimPlan(person, "active", claimed)
        task.claims.append(claim)
        if not done:
            return
        if task.deadline is not None:
            happened_at = self.daytime(task.deadline - timedelta(days=rng.randint(0, 2)), latest=11)
            happened_at = min(max(happened_at, claimed), now)
        else:
            happened_at = max(task.starts_at or moment, claimed)
        minutes = max(5, min(480, round(task.effort_minutes * rng.uniform(0.7, 1.3) / 5) * 5))
        claim.status, claim.actual_minutes = "done", minutes
        claim.finished_at = min(happened_at + timedelta(minutes=minutes + rng.randint(10, 600)), now)
        lang = self.lang(person)
        contribution = ContributionPlan(
            community=action.community,
            contributor=person,
            minutes=minutes,
            category=task.category,
            happened_at=happened_at,
            note=rng.choice(texts.CLAIM_NOTES)[lang] if rng.random() < 0.25 else "",
            beneficiaries=[
                BeneficiaryPlan(b.person, b.name) for b in action.beneficiaries if b.person != person or b.name
            ],
        )
        self.pending_contributions.append((action, index, len(task.claims) - 1, contribution))

    # --- stages, participants, assessments -------------------------------------------------------

    def moves(self, action: ActionPlan, design_at: datetime, deliver_at: datetime) -> None:
        rng = self.rng
        stage_times = {"design": design_at, "deliver": deliver_at, "assess": action.assess_started_at}
        reached = STAGES.index(action.stage)
        for position in range(1, min(reached, 3) + 1):
            to = STAGES[position]
            at = stage_times[to]
            assert at is not None  # noqa: S101 - set for every stage up to the current one
            action.moves.append(StageMovePlan(STAGES[position - 1], to, action.started_by, at))
        if action.stage == "closed":
            assess = action.assess_started_at
            assert assess is not None  # noqa: S101
            if rng.random() < 0.6:
                action.closed_at = assess + ASSESS_PERIOD + timedelta(minutes=rng.randint(1, 59))
                action.moves.append(StageMovePlan("assess", "closed", None, action.closed_at, "automatic"))
            else:
                action.closed_at = assess + timedelta(days=rng.uniform(2, 13))
                action.moves.append(StageMovePlan("assess", "closed", action.started_by, action.closed_at))

    def settle(self, action: ActionPlan) -> None:
        """Participants from the claims, the action's dates, assessments and the movers."""
        rng = self.rng
        for task in action.tasks:
            for claim in task.claims:
                joined = action.participants.get(claim.person)
                action.participants[claim.person] = min(joined, claim.created_at) if joined else claim.created_at
        days = [
            timezone.localtime(moment).date()
            for task in action.tasks
            if (moment := task.starts_at or task.deadline) is not None
        ]
        if days and action.stage != "initiate":
            action.starts_on, action.ends_on = min(days), max(days)
        # Some moves were made by another participant who had joined by then.
        for move in action.moves:
            if move.actor is not None and rng.random() < 0.3:
                others = [p for p, joined in action.participants.items() if joined <= move.at]
                move.actor = rng.choice(others) if others else move.actor
        if action.stage in ("assess", "closed"):
            self.assess(action)

    def assess(self, action: ActionPlan) -> None:
        rng, now = self.rng, self.now
        start = action.assess_started_at
        assert start is not None  # noqa: S101
        end = min(action.closed_at or now, start + ASSESS_PERIOD, now)
        candidates = [(b.person, 0.7) for b in action.beneficiaries if b.person is not None]
        candidates += [(p, 0.4) for p in action.participants]
        seen: set[int] = set()
        for person, chance in candidates:
            if person in seen or rng.random() >= chance:
                continue
            seen.add(person)
            action.assessments.append(self.assessment(person, start, end))
        for position, beneficiary in enumerate(action.beneficiaries):
            if beneficiary.represented_by is not None and rng.random() < 0.85:
                recorded = self.assessment(beneficiary.represented_by, start, end)
                recorded.on_behalf_of = position
                action.assessments.append(recorded)

    def assessment(self, person: int, start: datetime, end: datetime) -> AssessmentPlan:
        rng = self.rng
        lang = self.lang(person)
        return AssessmentPlan(
            assessor=person,
            value_in_use=rng.choices(range(1, 6), weights=VALUE_WEIGHTS)[0],
            created_at=self.between(start, end),
            difference=rng.choice(texts.DIFFERENCE)[lang] if rng.random() < 0.6 else "",
            change_next_time=rng.choice(texts.CHANGE_NEXT_TIME)[lang] if rng.random() < 0.4 else "",
        )

    # --- recurring visits ------------------------------------------------------------------------

    def series_action(self, index: int) -> None:
        rng, now = self.rng, self.now
        title, description, rrule, effort, slots, skills, category = texts.SERIES[index % len(texts.SERIES)]
        weekday = _WEEKDAY[rrule.rsplit("=", 1)[1]]
        weeks_known = max(1, (now - self.earliest).days // 7 - 2)
        first_day = timezone.localdate(now) - timedelta(weeks=rng.randint(min(4, weeks_known), min(30, weeks_known)))
        first_day += timedelta(days=(weekday - first_day.weekday()) % 7)
        first = self.local(first_day, 10)
        created = first - timedelta(days=rng.uniform(3, 10))
        visitor = EINO if (self.key == "kallio" and index == 0) else None
        starter = visitor if visitor is not None else self.helpers.pick(rng, created)
        if starter is None:
            return
        group = slots > 1
        template = texts.ActionText(
            "group" if group else "need", title, description, (), public_chance=0.3 if group else 0.0
        )
        action = self.new_action(template, starter, "deliver", created)
        action.beneficiaries = [b for b in action.beneficiaries if b.person != starter]
        if not action.beneficiaries:  # a visit is for somebody
            visited = self.elders.pick(rng, created, {starter})
            action.beneficiaries = [BeneficiaryPlan(visited)] if visited is not None else []
        lang = self.lang(starter)
        place = texts.HOME[lang] if not group else rng.choice(self.places)
        horizon = now + timedelta(weeks=SERIES_WEEKS_AHEAD)
        action.series.append(
            SeriesPlan(
                title=title[lang],
                description=description[lang],
                effort_minutes=effort,
                slots=slots,
                place=place,
                skills=skills,
                rrule=rrule,
                first_starts_at=first,
                generated_until=horizon,
                created_by=starter,
                created_at=created,
            )
        )
        exclude = {b.person for b in action.beneficiaries if b.person is not None}
        regulars = [starter] if visitor is not None or rng.random() < 0.5 else []
        while len(regulars) < slots:
            person = self.helpers.pick(rng, first, exclude | set(regulars))
            if person is None:
                break
            regulars.append(person)
        day = first_day
        upcoming = 0
        while (starts := self.local(day, 10)) < horizon:
            day += timedelta(weeks=1)
            task = TaskPlan(
                title=title[lang],
                description=description[lang],
                effort_minutes=effort,
                slots=slots,
                category=category,
                created_by=starter,
                created_at=max(created, starts - timedelta(weeks=SERIES_WEEKS_AHEAD)),
                place=place,
                skills=skills,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=effort),
                series=0,
            )
            action.tasks.append(task)
            position = len(action.tasks) - 1
            done = task.ends_at is not None and task.ends_at < now
            upcoming += not done
            coming = set()
            for regular in regulars:
                keeps = rng.random() < (0.85 if done else (1.0 if upcoming <= 2 else 0.5))
                if keeps and self.helpers.member_at(regular, min(starts, now)):
                    coming.add(regular)
            if done and rng.random() < 0.08:  # the regular was ill; somebody else went
                coming.clear()
                stand_in = self.helpers.pick(rng, starts, exclude)
                if stand_in is not None:
                    coming.add(stand_in)
            for person in sorted(coming):
                self.claim(action, position, person, starts, done=done)
            if done and rng.random() < 0.05 and coming:
                claim = task.claims[-1]
                claim.status, claim.actual_minutes, claim.late = "withdrawn", None, rng.random() < 0.5
                claim.finished_at = starts - timedelta(hours=rng.randint(2, 30))
                self.pending_contributions.pop()
        past = [t.starts_at for t in action.tasks if t.starts_at and t.starts_at < now]
        self.moves(action, created + (first - created) / 3, first - timedelta(days=1))
        self.settle(action)
        if past:
            action.starts_on = first_day

    # --- "I need help" ----------------------------------------------------------------------------

    def need_help(
        self,
        person: int | None = None,
        template: texts.ActionText | None = None,
        volunteer: int | None = None,
        days_ahead: float | None = None,
    ) -> None:
        rng, now = self.rng, self.now
        created = now - timedelta(days=rng.uniform(0.1, 6))
        person = person if person is not None else self.elders.pick(rng, created)
        if person is None:
            return
        template = template or rng.choice(texts.NEED_HELP)
        lang = self.lang(person)
        action = ActionPlan(
            community=self.key,
            title=template.title[lang],
            problem=template.problem[lang],
            started_by=person,
            stage="initiate",
            created_at=created,
            place=texts.HOME[lang],
            beneficiaries=[BeneficiaryPlan(person)],
            participants={person: created},
        )
        self.actions.append(action)
        ahead = days_ahead if days_ahead is not None else rng.uniform(1, 14)
        moment = now + timedelta(days=ahead)
        wanted = 1 if volunteer is None and rng.random() < 0.5 else 0
        timing = texts.SLOT if days_ahead is not None else None  # the demo people know when help comes
        task = self.task(action, template.tasks[0], (moment, moment), claimers=wanted, timing=timing)
        task.slots = 1
        if volunteer is not None:
            self.claim(action, 0, volunteer, moment, done=False)
        self.settle(action)

    def persona_needs(self) -> None:
        """Aino has a volunteer coming to help her; Eino's shopping request waits for someone."""
        phone = next(t for t in texts.NEED_HELP if t.tasks[0].skills == ("computers",))
        shopping = texts.NEED_HELP[0]
        self.need_help(AINO, phone, volunteer=SAARA, days_ahead=4)
        self.need_help(EINO, shopping, days_ahead=2)
        # Eino fixes things too: a chair for a neighbour next week.
        repairs = next(t for t in texts.ACTIONS if t.tasks[0].skills == ("repairs",))
        created = self.now - timedelta(days=3)
        action = self.new_action(repairs, AINO, "design", created)
        action.beneficiaries = [b for b in action.beneficiaries if b.person not in (AINO, EINO)] or [self.named(AINO)]
        moment = self.now + timedelta(days=6)
        self.task(action, repairs.tasks[0], (moment, moment), claimers=0, timing=texts.SLOT)
        self.claim(action, 0, EINO, moment, done=False)
        self.moves(action, created + timedelta(days=1), created)
        self.settle(action)

    # --- help outside any action -----------------------------------------------------------------

    def unplanned(self) -> None:
        rng = self.rng
        at = self.daytime(self.between(self.earliest, self.now - timedelta(hours=12)), latest=19)
        person = self.helpers.pick(rng, at)
        if person is None:
            return
        note, category, to_person, minutes = rng.choice(texts.UNPLANNED)
        lang = self.lang(person)
        contribution = ContributionPlan(
            community=self.key,
            contributor=person,
            minutes=rng.randint(*minutes) // 5 * 5,
            category=category,
            happened_at=at,
            note=note[lang] if rng.random() < 0.7 else "",
        )
        if to_person:
            beneficiary = self.elders.pick(rng, at, {person})
            if beneficiary is not None:
                contribution.beneficiaries.append(BeneficiaryPlan(beneficiary))
        self.thank(contribution, [])
        self.contributions.append(contribution)

    def thank(self, contribution: ContributionPlan, others: list[int]) -> None:
        """About 60% of help is thanked: by those it was for, or by others who saw it."""
        rng, now = self.rng, self.now
        if rng.random() >= THANKS_SHARE:
            return
        thankers = [b.person for b in contribution.beneficiaries if b.person is not None and rng.random() < 0.85]
        if not thankers or rng.random() < 0.3:
            pool = [p for p in others if p != contribution.contributor]
            extra = rng.choice(pool) if pool else self.helpers.pick(rng, contribution.happened_at)
            if extra is not None:
                thankers.append(extra)
        seen: set[int] = set()
        for person in thankers:
            if person == contribution.contributor or person in seen:
                continue
            seen.add(person)
            when = min(contribution.happened_at + timedelta(minutes=rng.randint(20, 3 * 24 * 60)), now)
            message = rng.choice(texts.THANKS)[self.lang(person)] if rng.random() < 0.5 else ""
            contribution.thanks.append(ThanksPlan(person, when, message))

    # --- all done --------------------------------------------------------------------------------

    def finish(self) -> ActivityPlan:
        order = sorted(range(len(self.actions)), key=lambda i: (self.actions[i].created_at, i))
        position = {id(self.actions[i]): new for new, i in enumerate(order)}
        for action, task_index, claim_index, contribution in self.pending_contributions:
            contribution.claim = (position[id(action)], task_index, claim_index)
            self.thank(contribution, list(action.participants))
            self.contributions.append(contribution)
        self.contributions.sort(key=lambda c: c.happened_at)
        return ActivityPlan([self.actions[i] for i in order], self.contributions)

"""Plan a year of believable activity for a planned demo: actions, tasks, claims, help, thanks, assessments.

Pure like `plan.py`: no database, and only (plan, now) decide the result. One `random.Random`
seeded from the plan's seed drives every choice. Over the past 365 days and the coming 4 weeks,
each community gets about 1.2 actions per member in every stage, split into small tasks that
people claimed and did (or will do), weekly recurring visits, the help recorded in the
contribution ledger (to persons and to the commons), thanks, and the value in use people gave.

The planned rows are plain dataclasses in `activity_plans.py`; recurring visits, "I need help"
and help outside any action are planned in `activity_everyday.py`; `activity_writer.py` writes
them.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from talkoot.core.demo import activity_everyday as everyday
from talkoot.core.demo import activity_texts as texts
from talkoot.core.demo.activity_plans import (
    AINO,
    EINO,
    SAARA,
    ActionPlan,
    ActivityPlan,
    AssessmentPlan,
    BeneficiaryPlan,
    ClaimPlan,
    ContributionPlan,
    Roster,
    StageMovePlan,
    TaskPlan,
    ThanksPlan,
)
from talkoot.core.demo.plan import FOUNDED_DAYS_AGO, DemoPlan

ACTIONS_PER_MEMBER = 1.2
UNPLANNED_PER_MEMBER = 0.6
YEAR = timedelta(days=365)
AHEAD = timedelta(weeks=4)
ASSESS_PERIOD = timedelta(days=14)  # as talkoot.actions.services closes assessed actions
THANKS_SHARE = 0.6

# Shares of the actions by stage; "I need help" requests and recurring visits come on top.
STAGE_SHARES = {"assess": 0.06, "deliver": 0.1, "design": 0.07, "initiate": 0.06}  # the rest is closed
STAGES = ["initiate", "design", "deliver", "assess", "closed"]
VALUE_WEIGHTS = (1, 2, 12, 40, 45)  # value in use 1..5


def plan_activity(plan: DemoPlan, now: datetime) -> ActivityPlan:
    """A year of activity in every community of `plan`, the same for the same plan and `now`."""
    rng = random.Random(f"talkoot-activity-{plan.seed}")  # noqa: S311 - reproducible demo data
    planner = Planner(rng, plan, now)
    for community in plan.communities:
        planner.community(community.key)
    return planner.finish()


class Planner:
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
        self.helpers, self.elders = Roster(helpers), Roster(elders)
        self.key = key
        self.places = texts.PLACES[key]
        self.founded = now - timedelta(days=FOUNDED_DAYS_AGO[key])
        self.earliest = max(self.founded + timedelta(days=3), now - YEAR)
        active = sum(1 for m in members if m.left_at is None)

        total = max(len(STAGES), round(active * ACTIONS_PER_MEMBER))
        series = max(2, active // 40)
        needs = max(2, active // 25)
        counts = {stage: max(1, round(share * total)) for stage, share in STAGE_SHARES.items()}
        # The demo logins' open tasks (everyday.persona_offers) are part of what this community delivers.
        counts["deliver"] = max(1, counts["deliver"] - everyday.offers_in(key))
        counts["closed"] = max(1, total - series - needs - sum(counts.values()))

        for stage in STAGES:
            for _ in range(counts[stage]):
                self.regular_action(stage)
        for index in range(series):
            everyday.series_action(self, index)
        for _ in range(needs):
            everyday.need_help(self)
        if key == "kallio":
            everyday.persona_needs(self)
        everyday.persona_offers(self)
        for _ in range(round(active * UNPLANNED_PER_MEMBER)):
            everyday.unplanned(self)

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
        at: datetime | None = None,
    ) -> TaskPlan:
        """A task of `action` some time in `window` (or exactly `at`), claimed as its time says."""
        rng, now = self.rng, self.now
        lang = self.lang(action.started_by)
        moment = at if at is not None else self.daytime(self.between(*window))
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

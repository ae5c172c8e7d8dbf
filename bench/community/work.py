"""Actions (participants, beneficiaries), recurring series, tasks with skills, and claims."""

from collections import Counter
from datetime import datetime, timedelta

from bench.community.base import (
    ACTION_TITLES,
    BENCH_ACTION_TASKS,
    FIRST,
    KINDS,
    PLACES,
    PROBLEM,
    STAGES,
    STREETS,
    VIEWER_ID,
    ActionRecord,
    GeneratorBase,
    TaskRecord,
)
from talkoot.actions.models import Action, ActionBeneficiary, ActionParticipant, Claim, Task, TaskSeries


class Work(GeneratorBase):
    def actions(self) -> None:
        rng = self.rng
        records = []
        shares = [share for _stage, share, _tasks in STAGES]
        for index in range(self.size["actions"]):
            bench = index == 0
            community = 1 if bench else rng.choices([1, 2, 3], [0.94, 0.04, 0.02])[0]
            stage = "deliver" if bench else rng.choices([s for s, _share, _t in STAGES], shares)[0]
            if bench:
                created = self.now - timedelta(days=45)
            elif stage == "closed":
                created = self.days_ago(20, 1200)
            elif stage == "assess":
                created = self.days_ago(15, 120)
            else:
                created = self.days_ago(0.5, 120)
            record = ActionRecord(community, stage, created, self.now, VIEWER_ID if bench else 0, bench)
            if stage == "closed":
                record.end = min(self.now - timedelta(days=1), created + timedelta(days=rng.uniform(19, 200)))
                record.assess_started = record.end - timedelta(days=14)
            elif stage == "assess":
                record.assess_started = self.days_ago(0, 13)
            everybody, active = self.pools[community]
            pool = everybody if stage == "closed" else active
            if not record.starter:
                record.starter = pool.one()
            others = pool.distinct(min(12, int(rng.expovariate(1 / 2.5))), exclude={record.starter})
            record.participants = [record.starter, *others]
            if bench:
                record.participants += active.distinct(5, exclude=set(record.participants))
            records.append(record)
        records.sort(key=lambda record: record.created)
        action_rows, participant_rows, beneficiary_rows = [], [], []
        for action_id, record in enumerate(records, start=1):
            record.id = action_id
            someone = self.name().split()[0]
            title = rng.choice(ACTION_TITLES).format(name=someone, street=rng.choice(STREETS.split()))
            starts_on = ends_on = None
            if rng.random() < 0.4:
                starts_on = (record.created + timedelta(days=rng.randint(0, 20))).date()
                ends_on = starts_on + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.6 else None
            action_rows.append(
                (
                    action_id,
                    record.community,
                    title,
                    PROBLEM.format(name=someone) if rng.random() < 0.85 else "",
                    record.starter,
                    record.stage,
                    "public" if rng.random() < 0.3 else "community",
                    rng.choice(PLACES) if rng.random() < 0.5 else "",
                    starts_on,
                    ends_on,
                    record.assess_started,
                    record.end if record.stage == "closed" else None,
                    record.created,
                    record.end if record.stage == "closed" else record.created,
                )
            )
            for member_id in record.participants:
                joined = self.between(record.created, min(record.end, record.created + timedelta(days=14)))
                participant_rows.append((self.next_id("participant"), action_id, member_id, joined))
            roll = rng.random()
            if roll < 0.55 or record.bench:
                beneficiary = self.pools[record.community][1].one()
                if beneficiary not in record.participants:
                    record.beneficiaries.append(beneficiary)
                    beneficiary_rows.append((self.next_id("beneficiary"), action_id, beneficiary, "", None))
            if roll > 0.9 or record.bench:
                row_id = self.next_id("beneficiary")
                record.named.append((row_id, record.starter))
                beneficiary_rows.append((row_id, action_id, None, self.name(), record.starter))
        self.records = records
        self.bench_action = next(record for record in records if record.bench)
        columns = ["id", "community_id", "title", "problem", "started_by_id", "stage", "visibility", "place"]
        columns += ["starts_on", "ends_on", "assess_started_at", "closed_at", "created_at", "updated_at"]
        self.load(Action, columns, action_rows)
        self.load(ActionParticipant, ["id", "action_id", "member_id", "joined_at"], participant_rows)
        self.load(ActionBeneficiary, ["id", "action_id", "member_id", "name", "represented_by_id"], beneficiary_rows)

    def task_time(self, record: ActionRecord) -> datetime:
        past = record.stage in ("closed", "assess") or self.rng.random() < 0.25
        if past:
            moment = self.between(record.created, min(record.end, self.now) - timedelta(hours=1))
        else:
            moment = self.now + timedelta(hours=self.rng.uniform(2, 60 * 24))
        # Daytime in Helsinki (UTC+2/+3), on the quarter hour, on the same side of now.
        moment = moment.replace(hour=self.rng.randint(6, 16), minute=self.rng.choice((0, 15, 30, 45)), second=0)
        if past and moment > self.now - timedelta(hours=1):
            moment -= timedelta(days=1)
        elif not past and moment < self.now + timedelta(hours=1):
            moment += timedelta(days=1)
        return moment

    def tasks(self) -> None:
        rng = self.rng
        stage_weight = {stage: weight for stage, _share, weight in STAGES}
        others = [r for r in self.records if not r.bench]
        weights = [stage_weight[r.stage] * rng.lognormvariate(0, 0.8) for r in others]
        counts = Counter(id(r) for r in rng.choices(others, weights, k=self.size["tasks"] - BENCH_ACTION_TASKS))
        counts[id(self.bench_action)] = BENCH_ACTION_TASKS
        tasks: list[TaskRecord] = []
        series_rows = []
        for record in self.records:
            series_id, first = None, None
            if record.stage in ("deliver", "design") and rng.random() < 0.03:
                series_id = self.next_id("series")
                first = (self.now + timedelta(days=rng.randint(1, 7))).replace(hour=10, minute=0, second=0)
                row = (series_id, record.id, "Coffee morning", "Set the table and make coffee.", 90, 2, "Church hall")
                row += ("FREQ=WEEKLY", first, 4, first + timedelta(weeks=4), record.starter, record.created)
                series_rows.append((*row, record.created))
            for number in range(counts[id(record)]):
                kind = rng.randrange(len(KINDS))
                title = rng.choice(KINDS[kind][2]).format(name=rng.choice(FIRST))
                effort = rng.choices([15, 30, 45, 60, 90, 120, 180, 240, 360], [8, 20, 12, 25, 12, 10, 6, 4, 3])[0]
                slots = rng.choices([1, 2, 3, 5, 10], [65, 20, 8, 5, 2])[0]
                starts_at = deadline = ends_at = None
                if series_id is not None and first is not None and number < 6:
                    title, effort, slots, starts_at = "Coffee morning", 90, 2, first + timedelta(weeks=number)
                    ends_at = starts_at + timedelta(minutes=effort)
                elif (roll := rng.random()) < 0.65:
                    starts_at = self.task_time(record)
                    ends_at = starts_at + timedelta(minutes=effort) if rng.random() < 0.7 else None
                elif roll < 0.85:
                    deadline = self.task_time(record)
                moment = ends_at or deadline or starts_at
                latest = min(moment, self.now) if moment else min(record.end, self.now)
                created = self.between(record.created, latest - timedelta(minutes=30))
                cancelled = self.between(created, latest) if rng.random() < 0.03 else None
                tasks.append(
                    TaskRecord(
                        record, kind, title, effort, slots, starts_at, deadline, ends_at, created, cancelled,
                        rng.choice(PLACES) if rng.random() < 0.4 else "",
                        "Ring the bell twice; the door is slow." if rng.random() < 0.5 else "",
                        series_id if number < 6 else None,
                    )
                )  # fmt: skip
        self.load(
            TaskSeries,
            ["id", "action_id", "title", "description", "effort_minutes", "slots", "place", "rrule"]
            + ["first_starts_at", "weeks_ahead", "generated_until", "created_by_id", "created_at", "updated_at"],
            series_rows,
        )
        tasks.sort(key=lambda task: task.created)
        for task_id, task in enumerate(tasks, start=1):
            task.id = task_id
            self.claims_for(task)
        self.viewer_claims(tasks)
        self.task_rows(tasks)
        self.tasks_list = tasks

    def claims_for(self, task: TaskRecord) -> None:
        rng, record = self.rng, task.action
        moment = task.when
        passed = moment < self.now if moment else record.stage in ("closed", "assess")
        everybody, active = self.pools[record.community]
        pool = everybody if passed else active
        latest = min(moment, self.now) if moment else self.now
        if task.cancelled:
            people = []
        elif passed:
            roll = rng.random()
            people = pool.distinct(task.slots if roll < 0.75 else 0 if roll > 0.9 else rng.randint(0, task.slots))
        else:
            roll = rng.random()
            people = pool.distinct(0 if roll < 0.45 else task.slots if roll < 0.65 else rng.randint(1, task.slots))
        for member_id in people:
            status = "done" if passed and rng.random() > 0.05 else "active"
            task.claims.append((member_id, status, self.between(task.created, latest)))
        if rng.random() < 0.1:  # someone gave it back, or it did not happen
            for member_id in pool.distinct(1, exclude=set(people)):
                status = "did_not_happen" if passed and rng.random() < 0.3 else "withdrawn"
                task.claims.append((member_id, status, self.between(task.created, latest)))

    def viewer_claims(self, tasks: list[TaskRecord]) -> None:
        """The viewer has taken on six future tasks, one of them in the bench action."""
        bench_first = sorted(tasks, key=lambda task: not task.action.bench)
        wanted = 6
        for task in bench_first:
            if wanted == 0:
                break
            open_future = task.when is not None and task.when > self.now and task.cancelled is None
            mine = any(member_id == VIEWER_ID for member_id, _status, _created in task.claims)
            if task.action.community == 1 and open_future and not mine and task.taken < task.slots:
                task.claims.append((VIEWER_ID, "active", self.between(task.created, self.now)))
                wanted -= 1

    def task_rows(self, tasks: list[TaskRecord]) -> None:
        rows, skill_rows, claims = [], [], []
        for task in tasks:
            rows.append(
                (
                    task.id, task.action.id, task.title, task.description, task.effort, task.slots, task.taken,
                    task.deadline, task.starts_at, task.ends_at, task.place, task.action.starter, task.cancelled,
                    task.series, task.created, task.cancelled or task.created,
                )
            )  # fmt: skip
            skill = self.skill_ids.get(KINDS[task.kind][1])
            if skill and self.rng.random() < 0.7:
                skill_rows.append((self.next_id("task_skill"), task.id, skill))
                if self.rng.random() < 0.2:
                    extra = self.rng.choice(list(self.skill_ids.values()))
                    if extra != skill:
                        skill_rows.append((self.next_id("task_skill"), task.id, extra))
            claims += [(task, *claim) for claim in task.claims]
        columns = ["id", "action_id", "title", "description", "effort_minutes", "slots", "taken", "deadline"]
        columns += ["starts_at", "ends_at", "place", "created_by_id", "cancelled_at", "series_id"]
        self.load(Task, [*columns, "created_at", "updated_at"], rows)
        self.load(Task.skills.through, ["id", "task_id", "skill_id"], skill_rows)
        claims.sort(key=lambda claim: claim[3])
        claim_rows, self.done_claims = [], []
        for claim_id, (task, member_id, status, created) in enumerate(claims, start=1):
            minutes = finished = None
            if status == "done":
                minutes = max(5, min(1440, round(task.effort * self.rng.uniform(0.6, 1.5))))
                finished = min(self.now, (task.when or created) + timedelta(hours=self.rng.uniform(0.5, 48)))
                self.done_claims.append((claim_id, task, member_id, minutes, finished))
            late = status == "withdrawn" and self.rng.random() < 0.2
            claim_rows.append((claim_id, task.id, member_id, status, late, minutes, finished, created, created))
        columns = ["id", "task_id", "member_id", "status", "late", "actual_minutes", "finished_at", "created_at"]
        self.load(Claim, [*columns, "updated_at"], claim_rows)

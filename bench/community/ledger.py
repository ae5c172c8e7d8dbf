"""The ledger: contributions (done claims first), who they were for, thanks; assessments; history."""

import json
from datetime import timedelta

from bench.community.base import (
    BENCH_ACTION_EXTRA_CONTRIBUTIONS,
    CATEGORIES,
    KINDS,
    STAGE_ORDER,
    GeneratorBase,
    Pool,
)
from talkoot.contributions.models import Assessment, Contribution, ContributionBeneficiary, Thanks
from talkoot.history.models import HistoryEntry


class Ledger(GeneratorBase):
    def contributions(self) -> None:
        rng, now = self.rng, self.now
        rows = []
        for claim_id, task, member_id, minutes, finished in self.done_claims:
            record = task.action
            category = KINDS[task.kind][0]
            rows.append([finished, member_id, record.community, record.id, task.id, claim_id, minutes, category, ""])
        eligible = [r for r in self.records if r.stage != "initiate"]
        action_pool = Pool(rng, list(range(len(eligible))), [len(r.participants) for r in eligible])
        remaining = max(0, self.size["contributions"] - len(rows) - BENCH_ACTION_EXTRA_CONTRIBUTIONS)
        extra = [self.bench_action] * BENCH_ACTION_EXTRA_CONTRIBUTIONS
        for index in range(remaining + len(extra)):
            if index < len(extra) or rng.random() < 0.35:
                record = extra[index] if index < len(extra) else eligible[action_pool.one()]
                if rng.random() < 0.6:
                    member_id = rng.choice(record.participants)
                else:
                    member_id = self.pools[record.community][0].one()
                happened = self.between(record.created, min(record.end, now))
                action_id, community = record.id, record.community
            else:
                community = 1 if rng.random() < 0.94 else rng.choice([2, 3])
                member_id = self.pools[community][0].one()
                happened = now - timedelta(days=1200 * rng.random() ** 1.5)
                action_id = None
            category = rng.choice(CATEGORIES)
            minutes = rng.choices([15, 30, 45, 60, 90, 120, 180, 240], [10, 25, 15, 25, 10, 8, 4, 3])[0]
            note = "Went well, we had coffee after." if rng.random() < 0.25 else ""
            rows.append([happened, member_id, community, action_id, None, None, minutes, category, note])
        rows.sort(key=lambda row: row[0])
        self.contribution_count = len(rows)
        beneficiaries: list[tuple] = []
        thanks: list[tuple] = []
        by_action = {record.id: record for record in self.records}

        def contribution_rows():
            for contribution_id, row in enumerate(rows, start=1):
                happened, member_id, community, action_id = row[0], row[1], row[2], row[3]
                created = min(now, happened + timedelta(hours=rng.uniform(0, 72)))
                withdrawn = self.between(created, now) if rng.random() < 0.01 else None
                yield (contribution_id, *row[1:], happened, withdrawn, created, created)
                named = by_action[action_id].beneficiaries if action_id else []
                roll = rng.random()
                people: list[int] = []
                if named and roll < 0.8:
                    people = [m for m in named if m != member_id]
                elif roll < 0.45:
                    people = self.pools[community][0].distinct(1, exclude={member_id})
                elif roll < 0.53:
                    people = self.pools[community][0].distinct(rng.randint(2, 3), exclude={member_id})
                elif roll < 0.6:
                    beneficiaries.append((self.next_id("contribution_beneficiary"), contribution_id, None, self.name()))
                for person in people:
                    beneficiaries.append((self.next_id("contribution_beneficiary"), contribution_id, person, ""))
                if withdrawn is None and (roll := rng.random()) < 0.35:
                    count = 1 if roll < 0.25 else 2 if roll < 0.32 else rng.randint(3, 5)
                    thankers = [p for p in people[:count] if p != member_id]
                    thankers += self.pools[community][1].distinct(count - len(thankers), exclude={member_id, *people})
                    for person in thankers:
                        message = "Thank you so much!" if rng.random() < 0.4 else ""
                        when = min(now, created + timedelta(hours=rng.uniform(1, 240)))
                        thanks.append((self.next_id("thanks"), contribution_id, person, message, when))

        columns = ["id", "contributor_id", "community_id", "action_id", "task_id", "claim_id", "minutes"]
        columns += ["category", "note", "happened_at", "withdrawn_at", "created_at", "updated_at"]
        self.load(Contribution, columns, contribution_rows())
        rows.clear()
        self.load(ContributionBeneficiary, ["id", "contribution_id", "member_id", "name"], beneficiaries)
        self.load(Thanks, ["id", "contribution_id", "member_id", "message", "created_at"], thanks)

    def assessments(self) -> None:
        rng, rows = self.rng, []
        for record in self.records:
            if record.assess_started is None or rng.random() > 0.6:
                continue
            people = list(dict.fromkeys(record.participants + record.beneficiaries))
            for assessor in rng.sample(people, min(len(people), rng.randint(1, 3))):
                when = self.between(record.assess_started, min(record.end, self.now))
                value = rng.choices([1, 2, 3, 4, 5], [2, 4, 14, 40, 40])[0]
                difference = "I could stay at home through the winter." if rng.random() < 0.5 else ""
                rows.append((self.next_id("assessment"), record.id, assessor, None, value, difference, "", when, when))
            for beneficiary_id, represented_by in record.named:
                if rng.random() < 0.3:
                    when = self.between(record.assess_started, min(record.end, self.now))
                    row = (self.next_id("assessment"), record.id, represented_by, beneficiary_id, 5, "", "")
                    rows.append((*row, when, when))
        columns = ["id", "action_id", "assessor_id", "on_behalf_of_id", "value_in_use", "difference"]
        self.load(Assessment, [*columns, "change_next_time", "created_at", "updated_at"], rows)

    def history(self) -> None:
        rows = []
        founded = self.now - timedelta(days=1300)
        for community in (1, 2, 3):
            rows.append((community, "community_created", 2, None, "{}", founded))
        for _id, community, member_id, joined, left, _created, _updated in self.memberships:
            rows.append((community, "member_joined", member_id, member_id, "{}", joined))
            if left is not None:
                rows.append((community, "member_left", member_id, member_id, "{}", left))
        for record in self.records:
            steps = STAGE_ORDER.index(record.stage)
            last = record.end if record.stage == "closed" else record.assess_started or self.now
            for step in range(steps):
                moment = record.created + (last - record.created) * (step + 1) / max(steps, 1)
                automatic = STAGE_ORDER[step + 1] == "closed"
                reason = "automatic" if automatic else ""
                detail = {"action": record.id, "from": STAGE_ORDER[step], "to": STAGE_ORDER[step + 1], "reason": reason}
                actor = None if automatic else self.rng.choice(record.participants)
                rows.append((record.community, "action_stage_moved", actor, None, json.dumps(detail), moment))
        rows.sort(key=lambda row: row[5])
        self.load(
            HistoryEntry,
            ["id", "community_id", "kind", "actor_id", "subject_id", "detail", "created_at"],
            [(history_id, *row) for history_id, row in enumerate(rows, start=1)],
        )

"""Write a planned year of activity (see `activity.py`) with `bulk_create` in chunks.

Rows are created parents first, and the primary keys `bulk_create` returns (SQLite and
PostgreSQL both give them) link the children. Called by `generator._write` inside its transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from talkoot.actions.models import (
    Action,
    ActionBeneficiary,
    ActionParticipant,
    Claim,
    Task,
    TaskSeries,
)
from talkoot.communities.models import Community
from talkoot.contributions.models import Assessment, Contribution, ContributionBeneficiary, Thanks
from talkoot.core.demo.activity_plans import ActivityPlan
from talkoot.core.demo.generator import Progress, _bulk_create, _timestamps_as_given
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.models import Skill


@dataclass(frozen=True)
class ActivitySummary:
    actions: int
    tasks: int
    series: int
    claims: int
    contributions: int
    thanks: int
    assessments: int


def write_activity(
    activity: ActivityPlan, member_ids: Sequence[int], communities: dict[str, Community], progress: Progress
) -> ActivitySummary:
    skill_ids = dict(Skill.objects.filter(is_curated=True).values_list("slug", "id"))
    models = (
        Action,
        ActionParticipant,
        TaskSeries,
        Task,
        Claim,
        Contribution,
        Thanks,
        Assessment,
        HistoryEntry,
    )
    with _timestamps_as_given(*models):
        return _write(activity, member_ids, communities, skill_ids, progress)


def _write(
    activity: ActivityPlan,
    member_ids: Sequence[int],
    communities: dict[str, Community],
    skill_ids: dict[str, int],
    progress: Progress,
) -> ActivitySummary:
    def member(person: int | None) -> int | None:
        return None if person is None else member_ids[person]

    plans = activity.actions
    actions = _bulk_create(
        Action,
        [
            Action(
                community_id=communities[a.community].pk,
                title=a.title,
                problem=a.problem,
                started_by_id=member(a.started_by),
                stage=a.stage,
                visibility=a.visibility,
                place=a.place,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                assess_started_at=a.assess_started_at,
                closed_at=a.closed_at,
                created_at=a.created_at,
                updated_at=_last(a.created_at, *(m.at for m in a.moves)),
            )
            for a in plans
        ],
        "Creating actions",
        progress,
    )
    action_ids = [action.pk for action in actions]

    beneficiaries = _bulk_create(
        ActionBeneficiary,
        [
            ActionBeneficiary(
                action_id=action_id, member_id=member(b.person), name=b.name, represented_by_id=member(b.represented_by)
            )
            for action_id, a in zip(action_ids, plans, strict=True)
            for b in a.beneficiaries
        ],
        "Naming who actions are for",
        progress,
    )
    beneficiary_ids: list[list[int]] = []
    position = 0
    for a in plans:
        beneficiary_ids.append([row.pk for row in beneficiaries[position : position + len(a.beneficiaries)]])
        position += len(a.beneficiaries)

    _bulk_create(
        ActionParticipant,
        [
            ActionParticipant(action_id=action_id, member_id=member_ids[person], joined_at=joined)
            for action_id, a in zip(action_ids, plans, strict=True)
            for person, joined in sorted(a.participants.items(), key=lambda item: (item[1], item[0]))
        ],
        "Adding participants",
        progress,
    )

    series_keys = [(i, s) for i, a in enumerate(plans) for s in range(len(a.series))]
    series_rows = _bulk_create(
        TaskSeries,
        [
            TaskSeries(
                action_id=action_ids[i],
                title=s.title,
                description=s.description,
                effort_minutes=s.effort_minutes,
                slots=s.slots,
                place=s.place,
                rrule=s.rrule,
                first_starts_at=s.first_starts_at,
                weeks_ahead=4,
                generated_until=s.generated_until,
                created_by_id=member(s.created_by),
                created_at=s.created_at,
                updated_at=s.created_at,
            )
            for i, a in enumerate(plans)
            for s in a.series
        ],
        "Planning recurring visits",
        progress,
    )
    series_ids = {key: row.pk for key, row in zip(series_keys, series_rows, strict=True)}
    series_skills = TaskSeries.skills.through
    _bulk_create(
        series_skills,
        [
            series_skills(taskseries_id=series_ids[(i, s)], skill_id=skill_ids[slug])
            for i, a in enumerate(plans)
            for s, series in enumerate(a.series)
            for slug in series.skills
        ],
        "Adding skills to recurring visits",
        progress,
    )

    task_keys = [(i, t) for i, a in enumerate(plans) for t in range(len(a.tasks))]
    task_rows = _bulk_create(
        Task,
        [
            Task(
                action_id=action_ids[i],
                title=t.title,
                description=t.description,
                effort_minutes=t.effort_minutes,
                slots=t.slots,
                taken=t.taken,
                deadline=t.deadline,
                starts_at=t.starts_at,
                ends_at=t.ends_at,
                place=t.place,
                created_by_id=member(t.created_by),
                series_id=series_ids[(i, t.series)] if t.series is not None else None,
                created_at=t.created_at,
                updated_at=_last(t.created_at, *(c.created_at for c in t.claims)),
            )
            for i, a in enumerate(plans)
            for t in a.tasks
        ],
        "Creating tasks",
        progress,
    )
    task_ids = {key: row.pk for key, row in zip(task_keys, task_rows, strict=True)}
    task_skills = Task.skills.through
    _bulk_create(
        task_skills,
        [
            task_skills(task_id=task_ids[(i, t)], skill_id=skill_ids[slug])
            for i, a in enumerate(plans)
            for t, task in enumerate(a.tasks)
            for slug in task.skills
        ],
        "Adding skills to tasks",
        progress,
    )

    claim_keys = [
        (i, t, c) for i, a in enumerate(plans) for t, task in enumerate(a.tasks) for c in range(len(task.claims))
    ]
    claim_rows = _bulk_create(
        Claim,
        [
            Claim(
                task_id=task_ids[(i, t)],
                member_id=member_ids[c.person],
                status=c.status,
                late=c.late,
                actual_minutes=c.actual_minutes,
                finished_at=c.finished_at,
                created_at=c.created_at,
                updated_at=c.finished_at or c.created_at,
            )
            for i, a in enumerate(plans)
            for t, task in enumerate(a.tasks)
            for c in task.claims
        ],
        "Claiming tasks",
        progress,
    )
    claim_ids = {key: row.pk for key, row in zip(claim_keys, claim_rows, strict=True)}

    given = activity.contributions
    contribution_rows = _bulk_create(
        Contribution,
        [
            Contribution(
                contributor_id=member_ids[c.contributor],
                community_id=communities[c.community].pk,
                action_id=action_ids[c.claim[0]] if c.claim else None,
                task_id=task_ids[c.claim[:2]] if c.claim else None,
                claim_id=claim_ids[c.claim] if c.claim else None,
                minutes=c.minutes,
                category=c.category,
                happened_at=c.happened_at,
                note=c.note,
                created_at=c.happened_at,
                updated_at=c.happened_at,
            )
            for c in given
        ],
        "Recording help",
        progress,
    )
    contribution_ids = [row.pk for row in contribution_rows]
    _bulk_create(
        ContributionBeneficiary,
        [
            ContributionBeneficiary(contribution_id=contribution_id, member_id=member(b.person), name=b.name)
            for contribution_id, c in zip(contribution_ids, given, strict=True)
            for b in c.beneficiaries
        ],
        "Recording who was helped",
        progress,
    )
    thanks = _bulk_create(
        Thanks,
        [
            Thanks(
                contribution_id=contribution_id,
                member_id=member_ids[t.person],
                message=t.message,
                created_at=t.created_at,
            )
            for contribution_id, c in zip(contribution_ids, given, strict=True)
            for t in sorted(c.thanks, key=lambda t: t.created_at)
        ],
        "Saying thanks",
        progress,
    )

    assessments = _bulk_create(
        Assessment,
        [
            Assessment(
                action_id=action_ids[i],
                assessor_id=member_ids[s.assessor],
                on_behalf_of_id=beneficiary_ids[i][s.on_behalf_of] if s.on_behalf_of is not None else None,
                value_in_use=s.value_in_use,
                difference=s.difference,
                change_next_time=s.change_next_time,
                created_at=s.created_at,
                updated_at=s.created_at,
            )
            for i, a in enumerate(plans)
            for s in a.assessments
        ],
        "Assessing actions",
        progress,
    )

    moves = [
        HistoryEntry(
            community_id=communities[a.community].pk,
            kind=HistoryKind.ACTION_STAGE_MOVED,
            actor_id=member(m.actor),
            detail={"action": action_ids[i], "from": m.from_stage, "to": m.to_stage, "reason": m.reason},
            created_at=m.at,
        )
        for i, a in enumerate(plans)
        for m in a.moves
    ]
    moves.sort(key=lambda entry: entry.created_at)
    _bulk_create(HistoryEntry, moves, "Writing the history of actions", progress)

    return ActivitySummary(
        actions=len(actions),
        tasks=len(task_rows),
        series=len(series_rows),
        claims=len(claim_rows),
        contributions=len(contribution_rows),
        thanks=len(thanks),
        assessments=len(assessments),
    )


def _last(first: datetime, *others: datetime | None) -> datetime:
    return max([first, *(moment for moment in others if moment is not None)])

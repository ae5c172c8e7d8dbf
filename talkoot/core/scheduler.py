"""Periodic jobs: a registry and one pass that enqueues each due job once per period.

`run_scheduler` calls `run_due_jobs` every minute. Each (job, period) becomes one ScheduledRun
row, inserted in the same transaction as the enqueue (with the database task backend the job is
a row in the same database): of two schedulers running at once, only the one whose insert wins
enqueues; the other meets the unique constraint and skips. A job missed while no scheduler ran is
not caught up: the next period's run does the work (every job looks at "now", not at its period).
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from talkoot.core.models import ScheduledRun

logger = logging.getLogger(__name__)

FIVE_MINUTES = timedelta(minutes=5)
FIFTEEN_MINUTES = timedelta(minutes=15)
HOURLY = timedelta(hours=1)
DAILY = timedelta(days=1)
KEEP_RUNS_FOR = timedelta(days=30)


@dataclass(frozen=True)
class Job:
    name: str  # the stable key of its ScheduledRun rows
    task_path: str  # dotted path of a django.tasks Task (imported late: core depends on no app)
    every: timedelta

    def task(self) -> Task:
        return import_string(self.task_path)


JOBS: tuple[Job, ...] = (
    Job("actions.generate_occurrences", "talkoot.actions.tasks.generate_occurrences", HOURLY),
    Job("actions.close_assessed_actions", "talkoot.actions.tasks.close_assessed_actions", HOURLY),
    Job("rotas.generate_duties", "talkoot.rotas.tasks.generate_duties", HOURLY),
    Job("gatherings.generate_times", "talkoot.gatherings.tasks.generate_gathering_times", HOURLY),
    Job("gatherings.remind_coming", "talkoot.gatherings.tasks.remind_coming", FIFTEEN_MINUTES),
    Job("communities.recompute_stewards", "talkoot.communities.tasks.recompute_stewards", DAILY),
    # Proposals also close the moment someone looks at one after its window.
    Job("proposals.close_due_proposals", "talkoot.proposals.tasks.close_due_proposals", HOURLY),
    Job("proposals.remind_closing", "talkoot.proposals.tasks.remind_closing_proposals", HOURLY),
    # Every five minutes, so the three-hour reminder is never more than five minutes late.
    Job("notifications.send_reminders", "talkoot.notifications.tasks.send_reminders", FIVE_MINUTES),
    Job("notifications.retry_unsent_emails", "talkoot.notifications.tasks.retry_unsent_emails", FIFTEEN_MINUTES),
    Job("notifications.send_digests", "talkoot.notifications.tasks.send_digests", DAILY),
    Job("insights.compute_all", "talkoot.insights.tasks.compute_all_insights", DAILY),
)


def period_start(moment: datetime, every: timedelta) -> datetime:
    """The start of the period containing `moment`; periods are aligned on the Unix epoch (UTC)."""
    seconds = int(every.total_seconds())
    if seconds <= 0:
        raise ValueError("a job's period must be positive")
    timestamp = int(moment.timestamp())
    return datetime.fromtimestamp(timestamp - timestamp % seconds, tz=UTC)


def run_due_jobs(*, now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[ScheduledRun]:
    """Enqueue every job not yet enqueued for its current period; returns the runs enqueued here."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        start = period_start(now, job.every)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    run = ScheduledRun.objects.create(job_name=job.name, period_start=start)
            except IntegrityError:
                continue  # another scheduler has it
            # An enqueue that fails rolls the row back, so the next pass tries again.
            result = job.task().enqueue()
            run.result_id = str(result.id)[:64]
            run.save(update_fields=["result_id"])
        logger.info("Enqueued %s for the period from %s", job.name, start.isoformat())
        enqueued.append(run)
    ScheduledRun.objects.filter(period_start__lt=now - KEEP_RUNS_FOR).delete()
    return enqueued


def seconds_until_next_minute(now: datetime | None = None) -> float:
    now = now or timezone.now()
    return 60 - now.second - now.microsecond / 1_000_000

"""Enqueue the periodic jobs (see talkoot.core.scheduler.JOBS), once a minute until stopped.

Safe to run more than one (two hosts, a restart overlapping): each job is enqueued once per period.
With the database task backend, `manage.py db_worker` runs what is enqueued.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from talkoot.core.scheduler import logger, run_due_jobs, seconds_until_next_minute


class Command(BaseCommand):
    help = "Enqueue the periodic jobs once per period; loops once a minute unless --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, once: bool = False, **options):
        if once:
            self._enqueue_due_jobs()
            return
        try:
            while True:
                try:
                    self._enqueue_due_jobs()
                except DatabaseError:
                    # A database restart must not end the scheduler; the next minute tries again.
                    logger.exception("The scheduler pass failed")
                time.sleep(seconds_until_next_minute())
                close_old_connections()
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")

    def _enqueue_due_jobs(self) -> None:
        for run in run_due_jobs():
            self.stdout.write(f"Enqueued {run.job_name} for {run.period_start:%Y-%m-%d %H:%M} UTC")

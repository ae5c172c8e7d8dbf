"""The hourly jobs that make coming times ahead (repeating tasks, gatherings, rotas) share one loop."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet


def generate_each_locked(running: QuerySet, *, is_due: Callable[[Any], bool], generate: Callable[[Any], int]) -> int:
    """For each row of `running` that `is_due`, `generate(row)` in its own transaction with the
    row locked and still running (not stopped meanwhile); returns the total made.

    Idempotent when `generate` is, and safe when two runs overlap: the second waits for the row
    and finds the first one's work done.
    """
    made = 0
    model = running.model
    for row in running.only("pk", "generated_until", "weeks_ahead", "first_starts_at"):
        if not is_due(row):
            continue
        with transaction.atomic():
            locked = model.objects.select_for_update().filter(pk=row.pk, stopped_at__isnull=True).first()
            if locked is not None:
                made += generate(locked)
    return made

"""Background jobs of actions, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.actions.recurrence import occurrences_generate
from talkoot.actions.services import actions_close_assessed


@task
def generate_occurrences() -> int:
    """Create the occurrences of repeating tasks up to each series' weeks ahead."""
    return occurrences_generate()


@task
def close_assessed_actions() -> int:
    """Close the actions that have been in *assess* for 14 days."""
    return actions_close_assessed()

"""Background jobs of gatherings, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.gatherings.services import occurrences_generate


@task
def generate_gathering_times() -> int:
    """Create the coming times of repeating gatherings up to each one's weeks ahead."""
    return occurrences_generate()

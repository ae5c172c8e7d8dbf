"""Background jobs of gatherings, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.gatherings.services import coming_remind, occurrences_generate


@task
def generate_gathering_times() -> int:
    """Create the coming times of repeating gatherings up to each one's weeks ahead."""
    return occurrences_generate()


@task
def remind_coming() -> int:
    """Remind those coming to a gathering a day before it."""
    return coming_remind()

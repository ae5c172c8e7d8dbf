"""Background jobs of proposals, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.proposals.services import proposals_close_due


@task
def close_due_proposals() -> int:
    """Decide every proposal whose window is over, and apply what passed."""
    return proposals_close_due()

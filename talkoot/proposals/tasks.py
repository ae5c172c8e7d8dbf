"""Background jobs of proposals, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.proposals.services import proposals_close_due, proposals_remind_closing


@task
def close_due_proposals() -> int:
    """Decide every proposal whose window is over, and apply what passed."""
    return proposals_close_due()


@task
def remind_closing_proposals() -> int:
    """Tell the members who have not responded, once, when a proposal has less than a day left."""
    return proposals_remind_closing()

"""Background jobs of communities, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.communities.services.trust import stewardship_recompute_all


@task
def recompute_stewards() -> int:
    """Stewards as trust and the grown threshold now make them."""
    return stewardship_recompute_all()

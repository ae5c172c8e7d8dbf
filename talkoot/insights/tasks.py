"""Background jobs of the insights: nightly for everyone, and one report when a member asks."""

from django.tasks import task

from talkoot.communities.models import Community
from talkoot.insights.services import insights_compute, insights_compute_all


@task
def compute_insights(community_id: int | None, period: str) -> None:
    community = None
    if community_id is not None:
        community = Community.objects.filter(pk=community_id).first()
        if community is None:
            return  # deleted since it was asked for
    insights_compute(community=community, period=period)


@task
def compute_all_insights() -> int:
    return insights_compute_all()

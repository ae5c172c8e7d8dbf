"""Reads of the public history. Every list selects the people it names, so its cost is fixed."""

from django.db.models import QuerySet

from talkoot.communities.models import Membership
from talkoot.history.models import HistoryEntry


def community_history(*, community) -> QuerySet[HistoryEntry]:
    """The community's record, newest first. Call only after the access door let the viewer in."""
    return (
        HistoryEntry.objects.filter(community=community)
        .select_related("actor", "subject")
        .only(
            "id",
            "kind",
            "detail",
            "created_at",
            "community_id",
            "actor__id",
            "actor__display_name",
            "subject__id",
            "subject__display_name",
        )
    )


def recent_history_of_member(*, member, limit: int = 15) -> list[HistoryEntry]:
    """What happened lately in the communities the member belongs to now, newest first."""
    communities = Membership.objects.active().filter(member=member).values("community_id")
    return list(
        HistoryEntry.objects.filter(community_id__in=communities)
        .select_related("actor", "subject", "community")
        .only(
            "id",
            "kind",
            "detail",
            "created_at",
            "community__id",
            "community__name",
            "community__slug",
            "actor__id",
            "actor__display_name",
            "subject__id",
            "subject__display_name",
        )[:limit]
    )

"""Reads of the public history. Every list selects the people it names, so its cost is fixed."""

from django.db.models import Q, QuerySet

from talkoot.communities.models import Membership
from talkoot.history.models import HistoryEntry, HistoryKind

# The kinds of entry people look for together, by the name of the filter.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "people": (
        HistoryKind.COMMUNITY_CREATED,
        HistoryKind.MEMBER_JOINED,
        HistoryKind.APPLICATION_ACCEPTED,
        HistoryKind.APPLICATION_DECLINED,
        HistoryKind.MEMBER_LEFT,
        HistoryKind.MEMBER_REMOVED,
    ),
    "trust": (
        HistoryKind.TRUST_GIVEN,
        HistoryKind.TRUST_WITHDRAWN,
        HistoryKind.STEWARD_GAINED,
        HistoryKind.STEWARD_LOST,
    ),
    "rules": (HistoryKind.RULES_CHANGED, HistoryKind.NORMS_CHANGED),
    "proposals": (
        HistoryKind.PROPOSAL_OPENED,
        HistoryKind.PROPOSAL_AMENDED,
        HistoryKind.PROPOSAL_WITHDRAWN,
        HistoryKind.PROPOSAL_DECIDED,
        HistoryKind.MEMBER_REMOVED,
    ),
    "actions": (HistoryKind.ACTION_STAGE_MOVED,),
    "ledger": (HistoryKind.CONTRIBUTION_EDITED, HistoryKind.CONTRIBUTION_WITHDRAWN),
    "companions": (HistoryKind.COMPANION_AGREED, HistoryKind.COMPANION_ENDED, HistoryKind.COMPANION_ACTED),
    "safety": (HistoryKind.CONTENT_HIDDEN, HistoryKind.CONTENT_RESTORED),
}


def community_history(*, community, kinds: str = "", member_id: int | None = None) -> QuerySet[HistoryEntry]:
    """The community's record, newest first, of one group of `KIND_GROUPS` (all when empty or
    unknown) and about one member (who acted or whom it concerned). Call only after the access
    door let the viewer in."""
    entries = HistoryEntry.objects.filter(community=community)
    if kinds in KIND_GROUPS:
        entries = entries.filter(kind__in=KIND_GROUPS[kinds])
    if member_id is not None:
        entries = entries.filter(Q(actor_id=member_id) | Q(subject_id=member_id))
    return entries.select_related("actor", "subject").only(
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

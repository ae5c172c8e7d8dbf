"""Who may do what inside a community: the questions behind most buttons.

Is this person a member now; are they still a newcomer; how much trust makes a steward; who
decides on applications. Read-only rules, shared by the services that enforce them and the
pages that show them.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from talkoot.communities.models import Community, Membership, Visibility

# Members count towards the default threshold once they have been in for a week: a burst of
# new sign-ups does not move who the stewards are overnight.
SETTLED_AFTER = timedelta(days=7)
# For their first 30 days a member can do everything except give trust.
NEWCOMER_FOR = timedelta(days=30)


def is_member(member, community: Community) -> bool:
    signed_in = member is not None and member.is_authenticated
    return signed_in and Membership.objects.active().filter(community=community, member=member).exists()


def viewer_is_member(member, community: Community) -> bool:
    """`is_member`, without a query when the community came through `community_for`, which
    asked already (`community.viewer_is_member`)."""
    known = getattr(community, "viewer_is_member", None)
    return bool(known) if known is not None else is_member(member, community)


def default_threshold(settled_members: int) -> int:
    """`min(3, max(1, settled_members // 2))`: one trusting member in a small circle, three once
    there are six or more."""
    return min(3, max(1, settled_members // 2))


def trust_threshold(community: Community, *, now: datetime | None = None) -> int:
    """How many fellow members' trust makes a steward in this community now."""
    if community.trust_threshold:
        return community.trust_threshold
    now = now or timezone.now()
    settled = Membership.objects.active().filter(community=community, joined_at__lte=now - SETTLED_AFTER).count()
    return default_threshold(settled)


def is_newcomer(membership: Membership, *, now: datetime | None = None) -> bool:
    return membership.joined_at > (now or timezone.now()) - NEWCOMER_FOR


def has_stewards(community: Community) -> bool:
    return Membership.objects.stewards().filter(community=community).exists()


def may_decide_applications(member, community: Community) -> bool:
    """Any member while the community has no steward; once it has, the stewards only."""
    own = Membership.objects.active().filter(community=community, member=member).first()
    if own is None:
        return False
    return own.is_steward or not has_stewards(community)


def rules_change_by_consent(community: Community) -> bool:
    """How we work here and who may see and join change by consent proposal once a community has
    a second member; a founder alone sets them directly (there is nobody else to consent)."""
    return Membership.objects.active().filter(community=community).count() > 1


def may_see_inside(community: Community) -> bool:
    """Whether the viewer may see inside: a public community, or one they are a member of. For a
    community read with `viewer_is_member` (by `community_for`, or the action page's door)."""
    return community.visibility == Visibility.PUBLIC or bool(getattr(community, "viewer_is_member", False))

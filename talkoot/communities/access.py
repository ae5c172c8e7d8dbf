"""Is this person a member of this community now: the question behind most buttons."""

from talkoot.communities.models import Community, Membership


def is_member(member, community: Community) -> bool:
    signed_in = member is not None and member.is_authenticated
    return signed_in and Membership.objects.active().filter(community=community, member=member).exists()


def viewer_is_member(member, community: Community) -> bool:
    """`is_member`, without a query when the community came through `community_for`, which
    asked already (`community.viewer_is_member`)."""
    known = getattr(community, "viewer_is_member", None)
    return bool(known) if known is not None else is_member(member, community)

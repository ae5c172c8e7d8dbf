"""Access-matrix rows of the communities router (talkoot/api/tests/harness.py).

`world.community` is private and takes members by application; the public communities the rows
make show what an outsider may do where anyone signed in may look and take part.
"""

from datetime import timedelta

from django.utils import timezone

from talkoot.api.tests.harness import Case, World
from talkoot.communities.models import JoinPolicy, Membership, Trust, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory

PRIVATE = "/communities/kallio-seniors"


def _public_open(world: World):
    """A public community open to everyone; neither the member nor the outsider is in it."""
    community = CommunityFactory(slug="espoo-coffee", visibility=Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    MembershipFactory(community=community)
    return community


def _public_by_application(world: World):
    return CommunityFactory(
        slug="tampere-walking",
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.APPLICATION,
        application_questions=["Why would you like to join?"],
    )


def _public_with_both(world: World):
    """A public community the member and the steward both belong to; the outsider does not."""
    community = _public_open(world)
    MembershipFactory(community=community, member=world.member)
    MembershipFactory(community=community, member=world.steward)
    return community


def _public_settled(world: World):
    """As `_public_with_both`, with the member there long enough to give trust."""
    community = _public_with_both(world)
    Membership.objects.filter(community=community, member=world.member).update(
        joined_at=timezone.now() - timedelta(days=60)
    )
    return world


def _settled(world: World):
    """The member has been in the private community long enough to give trust."""
    Membership.objects.filter(community=world.community, member=world.member).update(
        joined_at=timezone.now() - timedelta(days=60)
    )
    return world


def _trusting(world: World):
    _settled(world)
    Trust.objects.create(community=world.community, truster=world.member, trusted=world.steward)
    return world


CASES = [
    Case("communities_list", "GET", "/communities", outsider=200, anonymous=200, note="all"),
    Case(
        "communities_list",
        "GET",
        "/communities?q=coffee&municipality=Helsinki",
        setup=_public_open,
        outsider=200,
        anonymous=200,
        note="filtered",
    ),
    Case("community_detail", "GET", PRIVATE, anonymous=404, note="private"),
    Case(
        "community_detail",
        "GET",
        "/communities/espoo-coffee",
        setup=_public_open,
        outsider=200,
        anonymous=200,
        note="public",
    ),
    Case("community_detail", "GET", "/communities/no-such-community", member=404, anonymous=404, note="missing"),
    Case("community_join", "POST", "/communities/espoo-coffee/join", setup=_public_open, outsider=200, note="open"),
    Case("community_join", "POST", f"{PRIVATE}/join", member=409, note="private, already a member"),
    Case(
        "community_join",
        "POST",
        "/communities/tampere-walking/join",
        setup=_public_by_application,
        member=409,
        outsider=409,
        note="by application",
    ),
    Case(
        "community_apply",
        "POST",
        "/communities/tampere-walking/apply",
        body={"answers": ["I moved here last spring."]},
        setup=_public_by_application,
        member=201,
        outsider=201,
        note="public",
    ),
    Case(
        "community_apply",
        "POST",
        f"{PRIVATE}/apply",
        body={"answers": ["My neighbour told me."]},
        member=409,
        note="private, already a member",
    ),
    Case("community_leave", "POST", f"{PRIVATE}/leave", note="private"),
    Case(
        "community_leave",
        "POST",
        "/communities/espoo-coffee/leave",
        setup=_public_with_both,
        outsider=409,
        note="public",
    ),
    Case("community_members", "GET", f"{PRIVATE}/members", note="private"),
    Case(
        "community_members",
        "GET",
        "/communities/espoo-coffee/members",
        setup=_public_open,
        outsider=200,
        note="public",
    ),
    Case("community_trust_list", "GET", f"{PRIVATE}/trust", setup=_trusting, note="private"),
    Case(
        "community_trust_list",
        "GET",
        "/communities/espoo-coffee/trust",
        setup=_public_with_both,
        note="public, outsider not a member",
    ),
    Case(
        "community_trust_give",
        "POST",
        f"{PRIVATE}/trust",
        body=lambda world: {"member_id": world.steward.pk, "note": "Always there on Tuesdays."},
        setup=_settled,
        member=201,
        note="private",
    ),
    Case(
        "community_trust_give",
        "POST",
        f"{PRIVATE}/trust",
        body=lambda world: {"member_id": world.steward.pk},
        setup=lambda world: world,
        member=403,
        note="newcomer",
    ),
    Case(
        "community_trust_give",
        "POST",
        "/communities/espoo-coffee/trust",
        body=lambda world: {"member_id": world.steward.pk},
        setup=_public_settled,
        member=201,
        note="public, outsider not a member",
    ),
    Case(
        "community_trust_withdraw",
        "DELETE",
        lambda world: f"{PRIVATE}/trust/{world.steward.pk}",
        setup=_trusting,
        note="private",
    ),
    Case(
        "community_trust_withdraw",
        "DELETE",
        lambda world: f"{PRIVATE}/trust/{world.steward.pk}",
        setup=_settled,
        member=409,
        note="no trust given",
    ),
]

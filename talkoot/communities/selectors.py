"""Reads for communities. Views call these and never build querysets themselves.

`community_for` is the one door into a community: every page and action inside one goes
through it. Every list selects or prefetches what its template shows, so the number of
queries does not grow with the number of rows.
"""

from dataclasses import dataclass
from operator import itemgetter

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from talkoot.actions.selectors import my_promises
from talkoot.communities.access import NEWCOMER_FOR, may_see_inside
from talkoot.communities.models import Application, Community, Membership, Trust
from talkoot.core.compiled import CompiledQuery
from talkoot.history.selectors import community_history, recent_history_of_member
from talkoot.members.models import Member, Skill

DIRECTORY_PAGE_SIZE = 20
MEMBERS_PAGE_SIZE = 50
APPLICATIONS_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50
HOME_HISTORY_LIMIT = 15
HOME_NEW_MEMBERS_LIMIT = 8

# What other members may see of a member: never the e-mail address or the phone number.
_PUBLIC_MEMBER_FIELDS = ("id", "display_name", "municipality", "away_until", "is_active")


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated


def community_for(member, slug: str) -> Community:
    """The community behind `slug` if `member` may see inside it, else Http404.

    Missing and private-and-not-a-member answer the same 404, so a URL never tells an
    outsider that a private community exists. `member` may be AnonymousUser or None.
    """
    found = _community_by_slug(slug=slug, viewer_id=member.pk if _signed_in(member) else None)
    if not found or not may_see_inside(found[0]):
        raise Http404("No such community.")
    return found[0]


def _community_by_slug_for(*, slug: str, viewer_id: int | None):
    communities = Community.objects.filter(slug=slug)
    if viewer_id is None:
        return communities.annotate(viewer_is_member=Value(False, output_field=BooleanField()))
    # Whether the viewer is a member is the question this door asks; pages ask it again for
    # their buttons, so it rides along (`viewer_is_member`).
    member_here = Exists(Membership.objects.active().filter(community=OuterRef("pk"), member_id=viewer_id))
    return communities.annotate(viewer_is_member=member_here)


# Every page and API call inside a community opens this door first.
_community_by_slug = CompiledQuery(_community_by_slug_for)


@dataclass(frozen=True)
class ViewerState:
    """What the community page needs to know about the person looking at it."""

    is_member: bool
    pending_application: Application | None
    member_count: int
    pending_count: int  # shown to members only


def viewer_state(member, community: Community) -> ViewerState:
    memberships = Membership.objects.active().filter(community=community)
    if not _signed_in(member):
        return ViewerState(is_member=False, pending_application=None, member_count=memberships.count(), pending_count=0)
    # The count and the viewer's own membership in one pass over the community's memberships.
    counted = memberships.aggregate(members=Count("id"), mine=Count("id", filter=Q(member=member)))
    member_count, member_of = counted["members"], counted["mine"] > 0
    pending = None if member_of else Application.objects.pending().filter(community=community, applicant=member).first()
    pending_count = pending_applications(community).count() if member_of else 0
    return ViewerState(
        is_member=member_of, pending_application=pending, member_count=member_count, pending_count=pending_count
    )


# --- The directory ------------------------------------------------------------------------------


def communities_directory(*, query: str = "", municipality: str = "", page: int | str = 1) -> Page:
    """Public communities only, by name and municipality, with member counts, a page at a time.

    Private communities never appear here, not even by name.
    """
    communities = Community.objects.public().with_member_count().order_by("name", "id")
    if query:
        communities = communities.filter(name__icontains=query)
    if municipality:
        communities = communities.filter(municipality__iexact=municipality)
    communities = communities.only(
        "id", "name", "slug", "description", "municipality", "visibility", "join_policy", "created_at"
    )
    return Paginator(communities, DIRECTORY_PAGE_SIZE).get_page(page)


def directory_municipalities() -> list[str]:
    """The municipalities of public communities, one spelling each, in alphabetical order."""
    names = Community.objects.public().exclude(municipality="").values_list("municipality", flat=True).distinct()
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(name.casefold(), name)
    return sorted(by_key.values(), key=str.casefold)


# --- Inside a community --------------------------------------------------------------------------


def community_members(community: Community, *, page: int | str = 1) -> Page:
    """Active memberships with the member's name, municipality and skills (prefetched), by name."""
    memberships = (
        Membership.objects.active()
        .filter(community=community)
        .select_related("member")
        .only("id", "joined_at", "is_steward", "community_id", *(f"member__{field}" for field in _PUBLIC_MEMBER_FIELDS))
        .prefetch_related(Prefetch("member__skills", queryset=Skill.objects.only("id", "slug", "name", "is_curated")))
        .order_by("member__display_name", "id")
    )
    return Paginator(memberships, MEMBERS_PAGE_SIZE).get_page(page)


def pending_applications(community: Community) -> QuerySet[Application]:
    """Applications waiting for a decision, oldest first, from people who still have an account."""
    return (
        Application.objects.pending()
        .filter(community=community, applicant__is_active=True)
        .select_related("applicant")
        .only("id", "answers", "status", "created_at", "community_id", "applicant__id", "applicant__display_name")
        .order_by("created_at", "id")
    )


def pending_applications_page(community: Community, *, page: int | str = 1) -> Page:
    return Paginator(pending_applications(community), APPLICATIONS_PAGE_SIZE).get_page(page)


def application_for(community: Community, application_id: int) -> Application:
    """An application to this community, or Http404 (also for another community's id)."""
    application = Application.objects.filter(community=community, pk=application_id).first()
    if application is None:
        raise Http404("No such application.")
    return application


def history_page(community: Community, *, page: int | str = 1, kinds: str = "", member_id=None) -> Page:
    """A page of the community's history, narrowed to a group of kinds (`KIND_GROUPS`) and to
    the entries a member acted in or was the subject of. Values that mean nothing narrow nothing."""
    try:
        member = int(member_id) if member_id not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        member = None
    entries = community_history(community=community, kinds=kinds, member_id=member)
    return Paginator(entries, HISTORY_PAGE_SIZE).get_page(page)


# --- The home page -------------------------------------------------------------------------------


def my_communities(member) -> QuerySet[Community]:
    """The communities the member belongs to now, by name, with member counts."""
    return (
        Community.objects.of_member(member)
        .with_member_count()
        .only("id", "name", "slug", "municipality", "visibility", "join_policy")
        .order_by("name", "id")
    )


def my_pending_applications(member) -> QuerySet[Application]:
    """The member's applications waiting for a decision, in communities they may still see."""
    visible = Community.objects.visible_to(member).values("pk")
    return (
        Application.objects.pending()
        .filter(applicant=member, community__in=visible)
        .select_related("community")
        .only("id", "created_at", "community__id", "community__name", "community__slug")
        .order_by("-created_at")
    )


def newest_members_of_my_communities(member, *, limit: int = HOME_NEW_MEMBERS_LIMIT) -> list[Membership]:
    mine = Membership.objects.active().filter(member=member).values("community_id")
    return list(
        Membership.objects.active()
        .filter(community_id__in=mine)
        .exclude(member=member)
        .select_related("member", "community")
        .only(
            "id",
            "joined_at",
            "member__id",
            "member__display_name",
            "community__id",
            "community__name",
            "community__slug",
        )
        .order_by("-joined_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class HomeFeed:
    promises: list  # the member's claims not yet done (talkoot.actions.selectors.my_promises)
    communities: list[Community]
    pending_applications: list[Application]
    history: list
    new_members: list[Membership]


def home_feed(member) -> HomeFeed:
    """A signed-in member's home: their communities and what is new in them, bounded."""
    return HomeFeed(
        promises=my_promises(member),
        communities=list(my_communities(member)),
        pending_applications=list(my_pending_applications(member)),
        history=recent_history_of_member(member=member, limit=HOME_HISTORY_LIMIT),
        new_members=newest_members_of_my_communities(member),
    )


# --- Trust ---------------------------------------------------------------------------------------


def community_member_for(community: Community, member_id) -> Member:
    """A current member of the community (the names others may see of them), else 404."""
    try:
        pk = int(member_id)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    person = (
        Member.objects.filter(
            pk=pk, is_active=True, memberships__community=community, memberships__left_at__isnull=True
        )
        .only(*_PUBLIC_MEMBER_FIELDS)
        .first()
    )
    if person is None:
        raise Http404("No such member.")
    return person


@dataclass(frozen=True)
class TrustLink:
    member_id: int
    display_name: str
    note: str


@dataclass(frozen=True)
class TrustPicture:
    """Trust around one member of a community, as a fellow member sees it on their page."""

    received: list[TrustLink]  # standing trust from current members, oldest first
    given: list[TrustLink]  # standing trust to current members, oldest first
    is_steward: bool
    viewer_trusts: bool  # the person looking trusts this member already
    viewer_may_give: bool  # ... and could give trust now (a member past their first 30 days)


def trust_picture(person, community: Community, viewer) -> TrustPicture:
    """One query: trust both ways. `person` comes from `contributions.selectors.story_person_for`
    (with `is_steward` and the viewer's `viewer_joined_at`)."""
    current = Membership.objects.active().filter(community=community).values("member_id")
    standing = Trust.objects.standing().filter(community=community, truster__in=current, trusted__in=current)
    received = standing.filter(trusted=person).values_list(
        Value("received"), "id", "truster_id", "truster__display_name", "note"
    )
    given = standing.filter(truster=person).values_list(
        Value("given"), "id", "trusted_id", "trusted__display_name", "note"
    )
    links: dict[str, list[TrustLink]] = {"received": [], "given": []}
    for direction, _pk, member_id, display_name, note in sorted(received.union(given, all=True), key=itemgetter(1)):
        links[direction].append(TrustLink(member_id, display_name or "", note))
    joined_at = person.viewer_joined_at
    return TrustPicture(
        received=links["received"],
        given=links["given"],
        is_steward=bool(person.is_steward),
        viewer_trusts=any(link.member_id == viewer.pk for link in links["received"]),
        viewer_may_give=bool(
            joined_at and person.is_member_now and person.pk != viewer.pk and joined_at <= timezone.now() - NEWCOMER_FOR
        ),
    )


def history_member(community: Community, member_id) -> Member | None:
    """The person the history is narrowed to, if they are or were a member (for the heading)."""
    try:
        pk = int(member_id)
    except (TypeError, ValueError, OverflowError):
        return None
    in_community = Membership.objects.filter(community=community).values("member_id")
    return Member.objects.filter(pk=pk, pk__in=in_community).only(*_PUBLIC_MEMBER_FIELDS).first()


def communities_findable(member, *, query: str = "", municipality: str = "", mine: bool = False) -> QuerySet[Community]:
    """The directory (public communities) together with the member's own, or only their own
    (`mine`), with member counts and whether the member belongs to each (`is_member`), in one query."""
    signed_in = _signed_in(member)
    if mine:
        communities = Community.objects.of_member(member) if signed_in else Community.objects.none()
    else:
        communities = Community.objects.visible_to(member)
    query, municipality = query.strip(), municipality.strip()
    if query:
        communities = communities.filter(name__icontains=query)
    if municipality:
        communities = communities.filter(municipality__iexact=municipality)
    if signed_in:
        member_here = Exists(Membership.objects.active().filter(community=OuterRef("pk"), member=member))
        communities = communities.annotate(is_member=member_here)
    else:
        communities = communities.annotate(is_member=Value(False, output_field=BooleanField()))
    return communities.with_member_count().only(
        "id", "slug", "name", "description", "municipality", "visibility", "join_policy"
    )


def trust_given_by(member, community: Community) -> QuerySet[Trust]:
    """The member's standing trust in fellow members who are still members (as their pages show it)."""
    current = Membership.objects.active().filter(community=community).values("member_id")
    return (
        Trust.objects.standing()
        .filter(community=community, truster=member, trusted__in=current)
        .select_related("trusted")
        .only("id", "note", "created_at", "withdrawn_at", "trusted__id", "trusted__display_name")
    )

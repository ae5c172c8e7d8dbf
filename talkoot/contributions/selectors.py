"""Reads for the ledger: the one door to a contribution, the lists, and a member's story.

What anybody may see of a contribution:

- withdrawn contributions are gone for everyone but the person who gave the help;
- a contribution on an action is seen by whoever may read the action (`actions_visible_to`);
- help recorded without an action is personal: only members of the community see it (and the
  contributor, who may have left a public community since).

Every list is annotated with what the one partial (`contributions/includes/contribution.html`)
needs to decide about the viewer, so rendering never runs a query per row. Nothing here adds up
what someone gave against what they received: the ledger is not a time bank.
"""

from dataclasses import dataclass
from operator import itemgetter

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from talkoot.actions.models import ActionBeneficiary, ActionVisibility
from talkoot.actions.selectors import actions_visible_to
from talkoot.communities.access import is_member
from talkoot.communities.models import Community, Membership
from talkoot.contributions.models import Category, Contribution, ContributionBeneficiary, Thanks
from talkoot.contributions.services import EDIT_WINDOW
from talkoot.members.models import Member
from talkoot.members.selectors import with_member_names

STORY_PAGE_SIZE = 20
RECEIVED_PAGE_SIZE = 20
STORY_THANKS_LIMIT = 10
RECENT_LIMIT = 8
ACTION_LIMIT = 30

# What other people may see of a member: never the e-mail address or the phone number.
_PERSON_FIELDS = ("id", "display_name", "is_active")


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def _is_member_now(viewer, community_ref) -> Exists:
    return Exists(Membership.objects.active().filter(community=community_ref, member=viewer))


def _visible(viewer, community: Community) -> QuerySet[Contribution]:
    """Contributions of `community` this viewer may see, withdrawn ones left out."""
    contributions = Contribution.objects.filter(community=community, withdrawn_at__isnull=True)
    if not _signed_in(viewer):
        # The ledger names people: it is not for the open web, even on a public action.
        return contributions.none()
    # Correlated on the record's own action: an IN over every readable action of the instance
    # made PostgreSQL misjudge the cost (and JIT-compile) on a large ledger.
    on_readable_action = Q(Exists(actions_visible_to(viewer).filter(pk=OuterRef("action_id"))))
    unplanned_seen_by_members = Q(action__isnull=True) & Q(_is_member_now(viewer, community))
    return contributions.filter(on_readable_action | unplanned_seen_by_members | Q(contributor=viewer))


def _annotated(contributions: QuerySet[Contribution], viewer) -> QuerySet[Contribution]:
    """What the partial shows, in the same query: thanks count and what this viewer may do.

    - `thanks_count`: how many people said thanks;
    - `thanked_by_viewer`: the viewer has thanked it already;
    - `viewer_is_member`: notes, beneficiaries' names and thanks messages are for members;
    - `viewer_may_thank`: a member who is not the contributor and has not thanked yet;
    - `viewer_may_edit`: the contributor, within the 7 days;
    - `contributor_has_story`: the contributor is or was a member (their story page exists).
    """
    thanks_count = (
        Thanks.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(count=Count("pk"))
        .values("count")
    )
    contributions = contributions.annotate(
        thanks_count=Coalesce(Subquery(thanks_count, output_field=IntegerField()), 0),
        contributor_has_story=_contributor_has_story(),
    )
    if not _signed_in(viewer):
        false = Value(False, output_field=BooleanField())
        return contributions.annotate(
            thanked_by_viewer=false, viewer_is_member=false, viewer_may_thank=false, viewer_may_edit=false
        )
    thanked = Exists(Thanks.objects.filter(contribution=OuterRef("pk"), member=viewer))
    is_member = _is_member_now(viewer, OuterRef("community_id"))
    own = Q(contributor=viewer)
    return contributions.annotate(
        thanked_by_viewer=thanked,
        viewer_is_member=is_member,
        viewer_may_thank=_boolean(Q(is_member) & ~own & ~Q(thanked)),
        viewer_may_edit=_boolean(own & Q(created_at__gt=timezone.now() - EDIT_WINDOW)),
    )


def _contributor_has_story() -> Exists:
    return Exists(Membership.objects.filter(community=OuterRef("community_id"), member=OuterRef("contributor_id")))


def _boolean(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """Someone a record of help was for: a member, or a person without an account (`name`)."""

    member_id: int | None
    display_name: str  # "" for a person without an account or a member who left talkoot
    name: str


@dataclass(frozen=True, slots=True)
class GivenThanks:
    member_id: int | None
    display_name: str
    message: str
    by_companion: str = ""  # the name of the companion who said it for the member, if one did


def _with_people(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """With the contributor's name; `_unpack` adds the people it was for and the thanks."""
    return with_member_names(contributions, "contributor")


def unpack(contributions: list[Contribution]) -> list[Contribution]:
    """Give each record its `people` and `thanks_given`, in the order they were recorded: both
    lists for every record in one query of plain rows (two prefetches, with a model instance per
    row, cost three times as much on PostgreSQL)."""
    by_id = {contribution.pk: contribution for contribution in contributions}
    for contribution in contributions:
        contribution.people = []  # type: ignore[attr-defined]
        contribution.thanks_given = []  # type: ignore[attr-defined]
    if not by_id:
        return contributions
    people = ContributionBeneficiary.objects.filter(contribution_id__in=by_id).values_list(
        Value(_PERSON), "contribution_id", "id", "member_id", "member__display_name", "name", Value("")
    )
    thanks = Thanks.objects.filter(contribution_id__in=by_id).values_list(
        Value(_THANKS),
        "contribution_id",
        "id",
        "member_id",
        "member__display_name",
        "message",
        "by_companion__display_name",
    )
    for kind, contribution_id, _pk, member_id, display_name, text, by in sorted(
        people.union(thanks, all=True), key=itemgetter(2)
    ):
        contribution = by_id[contribution_id]
        if kind == _PERSON:
            contribution.people.append(Beneficiary(member_id, display_name or "", text))  # type: ignore[attr-defined]
        else:
            contribution.thanks_given.append(GivenThanks(member_id, display_name or "", text, by or ""))  # type: ignore[attr-defined]
    return contributions


_PERSON, _THANKS = "person", "thanks"


# --- The door ------------------------------------------------------------------------------------


def contribution_for(viewer, community: Community, contribution_id) -> Contribution:
    """The contribution, or the same 404 whether it is missing, in another community, withdrawn
    (unless it is the viewer's own) or on an action the viewer may not read."""
    try:
        pk = int(contribution_id)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    visible = _visible(viewer, community)
    if _signed_in(viewer):
        # The contributor still reaches a withdrawn record, to be told it was withdrawn.
        own_withdrawn = Contribution.objects.filter(community=community, contributor=viewer)
        visible = visible | own_withdrawn
    contribution = _with_people(_annotated(visible.filter(pk=pk), viewer)).first()
    if contribution is None:
        raise Http404("No such contribution.")
    return unpack([contribution])[0]


# --- Lists ---------------------------------------------------------------------------------------


def contributions_for_action(action, viewer, limit: int = ACTION_LIMIT) -> list[Contribution]:
    """The most recent help given to an action, newest first, ready for the partial.

    Call after `action_for`: the viewer may read the action, so its ledger is filtered by the
    action alone (one indexed range, however large the community's ledger), and whether the
    viewer is a member is already known (`viewer_is_member`). One more than `limit` is read, so
    the page can say that older records exist.
    """
    if not _signed_in(viewer):
        return []
    is_member = Value(bool(getattr(action, "viewer_is_member", False)), output_field=BooleanField())
    records = _newest(Contribution.objects.filter(action=action, withdrawn_at__isnull=True), limit + 1).annotate(
        contributor_has_story=_contributor_has_story(), viewer_is_member=is_member
    )
    contributions = unpack(list(_with_people(records)))
    _flag_from_thanks(contributions, viewer)
    return contributions


def _newest(records: QuerySet[Contribution], limit: int) -> QuerySet[Contribution]:
    """The newest `limit` of `records`, newest first, found by id alone before anything else is
    read of them: the database then annotates `limit` rows, where it would otherwise plan for
    the whole ledger (PostgreSQL hashed every membership of the community to tell each record's
    `contributor_has_story`)."""
    ids = records.order_by("-happened_at", "-id").values("pk")[:limit]
    return Contribution.objects.filter(pk__in=ids).order_by("-happened_at", "-id")


def _flag_from_thanks(contributions: list[Contribution], viewer) -> None:
    """What `_annotated` tells, worked out from the thanks read for the partial anyway and
    `viewer_is_member`: counting them here spares the query three correlated subqueries per record.
    """
    edit_since = timezone.now() - EDIT_WINDOW
    for contribution in contributions:
        thanks = contribution.thanks_given  # type: ignore[attr-defined]
        own = contribution.contributor_id == viewer.pk
        thanked = any(one.member_id == viewer.pk for one in thanks)
        is_member = contribution.viewer_is_member  # type: ignore[attr-defined]
        contribution.thanks_count = len(thanks)  # type: ignore[attr-defined]
        contribution.thanked_by_viewer = thanked  # type: ignore[attr-defined]
        contribution.viewer_may_thank = is_member and not own and not thanked  # type: ignore[attr-defined]
        contribution.viewer_may_edit = own and contribution.created_at > edit_since  # type: ignore[attr-defined]


def community_recent(
    community: Community, viewer, limit: int = RECENT_LIMIT, *, viewer_is_member: bool = False
) -> list[Contribution]:
    """The most recent help in the community, ready for the partial (three queries).

    `viewer_is_member` (known to the community page already) takes the short way: a member sees
    every record of their community that is not withdrawn.
    """
    if not (viewer_is_member and _signed_in(viewer)):
        return unpack(list(_with_people(_annotated(_visible(viewer, community), viewer))[:limit]))
    records = _newest(Contribution.objects.filter(community=community, withdrawn_at__isnull=True), limit).annotate(
        contributor_has_story=_contributor_has_story(), viewer_is_member=Value(True, output_field=BooleanField())
    )
    contributions = unpack(list(_with_people(records)))
    _flag_from_thanks(contributions, viewer)
    return contributions


# --- A member's story ----------------------------------------------------------------------------


def story_person_for(community: Community, member_id, viewer) -> Member:
    """A person who is or was a member of the community, else 404.

    Annotated with `is_member_now`, `is_steward` and, in the same query, `viewer_is_member`
    (whether the person looking is a member: thanks messages are for members) and
    `viewer_joined_at` (when they joined: newcomers cannot give trust yet).
    """
    try:
        pk = int(member_id)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    person = (
        Member.objects.filter(
            pk=pk, is_active=True, pk__in=Membership.objects.filter(community=community).values("member_id")
        )
        .annotate(
            is_member_now=_is_member_now(OuterRef("pk"), community),
            is_steward=Exists(Membership.objects.stewards().filter(community=community, member=OuterRef("pk"))),
            viewer_is_member=_is_member_now(viewer, community)
            if _signed_in(viewer)
            else Value(False, output_field=BooleanField()),
            viewer_joined_at=Subquery(
                Membership.objects.active().filter(community=community, member=viewer).values("joined_at")[:1]
            )
            if _signed_in(viewer)
            else Value(None, output_field=DateTimeField()),
        )
        .only(*_PERSON_FIELDS)
        .first()
    )
    if person is None:
        raise Http404("No such member.")
    return person


@dataclass(frozen=True)
class Kind:
    """A kind of help (a category) and how many times."""

    category: str
    label: str
    times: int


@dataclass(frozen=True)
class Story:
    """A member's story in one community. Given and received are told apart, never set against
    each other: there is no total, no difference and no balance in here on purpose."""

    person: Member
    given: Page
    given_kinds: list[Kind]
    received: Page
    received_kinds: list[Kind]
    thanks_received: list[Thanks]
    thanks_given: list[Thanks]

    @property
    def viewer_is_member(self) -> bool:
        return bool(getattr(self.person, "viewer_is_member", False))

    @property
    def times_helped(self) -> int:
        return self.given.paginator.count


def _kinds(contributions: QuerySet[Contribution]) -> list[Kind]:
    """Kinds of help with how many times each, most frequent first (one query)."""
    labels = dict(Category.choices)
    rows = contributions.order_by().values("category").annotate(times=Count("pk"))
    kinds = [Kind(row["category"], str(labels.get(row["category"], row["category"])), row["times"]) for row in rows]
    return sorted(kinds, key=lambda kind: (-kind.times, kind.label))


def _page(contributions: QuerySet[Contribution], kinds: list[Kind], per_page: int, number) -> Page:
    """A page whose paginator already knows its count (the sum over the kinds): one query fewer."""
    paginator = Paginator(contributions, per_page)
    paginator.__dict__["count"] = sum(kind.times for kind in kinds)  # fills the cached_property
    return paginator.get_page(number)


def member_story(
    person: Member, community: Community, viewer, *, given_page: int | str = 1, received_page: int | str = 1
) -> Story:
    """What `person` gave and received in `community` and the thanks around it, as `viewer` may see it.

    A fixed number of queries (six) however long the story: kinds and page of what they gave,
    kinds and page of what they received (each record with the people it was for and its
    thanks), and the recent thanks they received and gave.
    """
    visible = _visible(viewer, community)
    given_rows = visible.filter(contributor=person)
    # One row per contribution: a member is named at most once on a contribution (a constraint).
    received_rows = visible.filter(beneficiaries__member=person)
    given_kinds, received_kinds = _kinds(given_rows), _kinds(received_rows)
    given = _page(_with_people(_annotated(given_rows, viewer)), given_kinds, STORY_PAGE_SIZE, given_page)
    received = _page(_with_people(_annotated(received_rows, viewer)), received_kinds, RECEIVED_PAGE_SIZE, received_page)
    given.object_list, received.object_list = list(given.object_list), list(received.object_list)
    unpack([*given.object_list, *received.object_list])  # one query for both pages
    thanks = Thanks.objects.select_related("member", "contribution", "by_companion").order_by("-created_at", "-pk")
    visible_ids = visible.values("pk")
    thanks_received = list(
        thanks.filter(contribution__contributor=person, contribution__in=visible_ids)[:STORY_THANKS_LIMIT]
    )
    thanks_given = list(
        thanks.select_related("contribution__contributor").filter(member=person, contribution__in=visible_ids)[
            :STORY_THANKS_LIMIT
        ]
    )
    return Story(
        person=person,
        given=given,
        given_kinds=given_kinds,
        received=received,
        received_kinds=received_kinds,
        thanks_received=thanks_received,
        thanks_given=thanks_given,
    )


def may_record(viewer, community: Community, action=None) -> bool:
    """Members record help in their community; a public action of a public community welcomes anyone."""
    if is_member(viewer, community):
        return True
    return action is not None and action.visibility == ActionVisibility.PUBLIC and not community.is_private


def action_beneficiary_members(action) -> list[int]:
    """The ids of the members an action is for: who its help goes to, unless said otherwise."""
    return list(
        ActionBeneficiary.objects.filter(action=action, member__isnull=False).values_list("member_id", flat=True)
    )


def beneficiary_choices(community: Community, *, exclude: Member | None = None) -> QuerySet[Member]:
    """Members who can be named as having received help: the community's members now, by name."""
    members = Member.objects.filter(
        is_active=True, pk__in=Membership.objects.active().filter(community=community).values("member_id")
    ).only(*_PERSON_FIELDS)
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.order_by("display_name", "pk")


def contributions_visible_to(viewer, community: Community) -> QuerySet[Contribution]:
    """Every record the viewer may read in the community, with what a card shows, for a list of
    any length (the API's cursor pages); `unpack` the rows read."""
    return _with_people(_annotated(_visible(viewer, community), viewer))

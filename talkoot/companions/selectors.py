"""Reads for companions: the links of a member, the doors to them, and what a companion sees."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.http import Http404

from talkoot.actions.models import Action, Claim, ClaimStatus, Stage
from talkoot.communities.models import Community, Membership
from talkoot.companions.models import Companionship
from talkoot.contributions.models import Assessment, Contribution, Thanks
from talkoot.members.models import Member

SHOWN = 10


@dataclass
class Companions:
    """A member's live links in one community, each list in the order they were asked."""

    mine: list[Companionship] = field(default_factory=list)  # companions who act for the viewer
    accompanied: list[Companionship] = field(default_factory=list)  # people the viewer acts for
    asked_of_me: list[Companionship] = field(default_factory=list)  # waiting for the viewer's answer
    asked_by_me: list[Companionship] = field(default_factory=list)  # waiting for the other's answer

    @property
    def empty(self) -> bool:
        return not (self.mine or self.accompanied or self.asked_of_me or self.asked_by_me)


def _live_of(viewer, community: Community):
    return (
        Companionship.objects.live()
        .filter(Q(member=viewer) | Q(companion=viewer), community=community)
        .select_related("member", "companion")
        .only("id", "member__display_name", "companion__display_name", "asked_by_id", "agreed_at", "asked_at")
        .order_by("asked_at", "id")
    )


def companions_of(viewer, community: Community, *, person=None) -> Companions:
    """The viewer's live links in `community` (only those with `person`, if given): one query."""
    links = _live_of(viewer, community)
    if person is not None:
        links = links.filter(Q(member=person) | Q(companion=person))
    sorted_links = Companions()
    for link in links:
        if link.agreed_at is None:
            (sorted_links.asked_by_me if link.asked_by_id == viewer.pk else sorted_links.asked_of_me).append(link)
        elif link.member_id == viewer.pk:
            sorted_links.mine.append(link)
        else:
            sorted_links.accompanied.append(link)
    return sorted_links


def companionship_for(viewer, community: Community, companionship_id) -> Companionship:
    """A live link the viewer is one of the two of, or 404 (the same for missing and forbidden)."""
    try:
        return _live_of(viewer, community).get(pk=int(companionship_id))
    except (Companionship.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def accompanied_for(viewer, community: Community, member_id) -> Member:
    """The member the viewer is the agreed companion of, or 404."""
    standing = Companionship.objects.standing().filter(community=community, companion=viewer, member=OuterRef("pk"))
    member_now = Membership.objects.active().filter(community=community, member=OuterRef("pk"))
    try:
        return Member.objects.filter(Exists(standing), Exists(member_now)).get(pk=int(member_id))
    except (Member.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


@dataclass
class ActingFor:
    """What a companion can do for `person` now, each list short and in a fixed number of queries."""

    person: Member
    promises: Sequence[Claim]
    to_thank: list[Contribution]
    to_assess: list[Action]


def acting_for(person: Member, community: Community) -> ActingFor:
    promises = list(
        Claim.objects.filter(
            member=person, status=ClaimStatus.ACTIVE, task__cancelled_at__isnull=True, task__action__community=community
        )
        .select_related("task__action", "by_companion")
        .annotate(due=Coalesce("task__starts_at", "task__deadline"))
        .order_by(F("due").asc(nulls_last=True), "id")[:SHOWN]
    )
    thanked = Thanks.objects.filter(contribution=OuterRef("pk"), member=person)
    to_thank = list(
        Contribution.objects.filter(community=community, beneficiaries__member=person, withdrawn_at__isnull=True)
        .exclude(contributor=person)
        .exclude(Exists(thanked))
        .select_related("contributor", "action")
        .only("id", "minutes", "happened_at", "contributor__display_name", "action__title", "note")
        .order_by("-happened_at", "-id")[:SHOWN]
    )
    assessed = Assessment.objects.filter(action=OuterRef("pk"), assessor=person, on_behalf_of__isnull=True)
    to_assess = list(
        Action.objects.filter(community=community, stage=Stage.ASSESS)
        .filter(Q(beneficiaries__member=person) | Q(participants__member=person))
        .exclude(Exists(assessed))
        .distinct()
        .only("id", "title")
        .order_by("-assess_started_at", "-id")[:SHOWN]
    )
    return ActingFor(person=person, promises=promises, to_thank=to_thank, to_assess=to_assess)


def active_claim_of(person: Member, community: Community, claim_id) -> Claim:
    """An active claim of `person` in `community` (for their companion to give back), or 404."""
    try:
        return Claim.objects.select_related("task__action__community").get(
            pk=int(claim_id), member=person, status=ClaimStatus.ACTIVE, task__action__community=community
        )
    except (Claim.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None

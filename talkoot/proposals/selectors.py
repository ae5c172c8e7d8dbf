"""Reads of proposals: the one door, the lists and a proposal's page. For members only."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from talkoot.communities.access import viewer_is_member
from talkoot.communities.models import Community
from talkoot.members.models import Member
from talkoot.members.selectors import with_member_names
from talkoot.proposals.models import Proposal, ProposalKind, ProposalStatus, Response, ResponseKind
from talkoot.proposals.services import proposal_close

RECENT_DECIDED = 20


def _members_only(member, community: Community) -> None:
    # Proposals are the community's own business: outside it they do not exist (404, not 403).
    if not (member is not None and member.is_authenticated and viewer_is_member(member, community)):
        raise Http404


def proposal_for(member, community: Community, proposal_id) -> Proposal:
    """The proposal, closed first if its window is over, or the same 404 for missing, another
    community's or a non-member's."""
    _members_only(member, community)
    try:
        pk = int(proposal_id)
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    proposal = with_member_names(Proposal.objects.filter(community=community, pk=pk), "author").first()
    if proposal is None:
        raise Http404
    if proposal.status == ProposalStatus.OPEN and proposal.closes_at <= timezone.now():
        proposal_close(proposal=proposal)
        proposal = with_member_names(Proposal.objects.filter(pk=pk), "author").get()
    return proposal


@dataclass(frozen=True)
class ProposalLists:
    open: list[Proposal]  # closing soonest first
    decided: list[Proposal]  # the most recent
    viewer_id: int | None = None

    @property
    def about_me(self) -> list[Proposal]:
        """Open proposals to remove the viewer: they are told, and may respond."""
        return [p for p in self.open if p.kind == ProposalKind.REMOVAL and p.change.get("member") == self.viewer_id]


def proposals_in(member, community: Community) -> QuerySet[Proposal]:
    """Every proposal of the community, with its author's name, those whose window is over closed
    first (members only: the same 404 for anyone else)."""
    _members_only(member, community)
    listed = with_member_names(Proposal.objects.filter(community=community), "author")
    now = timezone.now()
    for due in listed.filter(status=ProposalStatus.OPEN, closes_at__lte=now):
        proposal_close(proposal=due, now=now)
    return listed


def proposals_of(member, community: Community) -> ProposalLists:
    listed = proposals_in(member, community)
    return ProposalLists(
        open=list(listed.filter(status=ProposalStatus.OPEN).order_by("closes_at", "id")),
        decided=list(listed.exclude(status=ProposalStatus.OPEN).order_by("-decided_at", "-id")[:RECENT_DECIDED]),
        viewer_id=member.pk,
    )


def responses_to(proposal: Proposal) -> QuerySet[Response]:
    return with_member_names(Response.objects.filter(proposal=proposal), "member").order_by("updated_at", "id")


def tally(responses) -> dict[str, int]:
    counts = {kind: 0 for kind in ResponseKind.values}
    for response in responses:
        counts[response.kind] += 1
    return counts


def member_to_remove(proposal: Proposal) -> Member | None:
    """Whom a removal proposal is about (their name only)."""
    if proposal.kind != ProposalKind.REMOVAL:
        return None
    return Member.objects.filter(pk=proposal.change.get("member")).only("id", "display_name").first()

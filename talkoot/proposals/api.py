"""The proposals part of the JSON API (config/api.py): the same doors and services as the pages.

A proposal belongs to its community, so every path starts at `/communities/{slug}` and goes through
`community_for`, then `proposal_for` (members only: outside the community there is nothing, 404).
"""

from datetime import datetime
from typing import Annotated, Literal, cast

from ninja import Field, Query, Router

from talkoot.api.once import create_once
from talkoot.api.pagination import cursor_page
from talkoot.api.schemas import In, ListQuery, Out, PersonOut, page_schema
from talkoot.communities.models import MAX_TRUST_THRESHOLD
from talkoot.communities.selectors import community_for
from talkoot.proposals import selectors, services
from talkoot.proposals.models import Proposal, ProposalKind, ProposalStatus, ResponseKind

router = Router(tags=["proposals"])

# The windows and settings the page's form offers (proposals/forms.py, tested to agree), no others.
WindowHours = Literal[24, 72, 168, 336]
Setting = Literal["join_policy", "visibility", "trust_threshold"]
Threshold = Annotated[int, Field(ge=1, le=MAX_TRUST_THRESHOLD)]
ID_MAX = 2**63 - 1  # larger numbers are no id, and the database would refuse them


# --- Schemas -------------------------------------------------------------------------------------


class OutcomeOut(Out):
    consents: int
    objections: int
    needed: int


class ProposalOut(Out):
    id: int
    kind: ProposalKind
    text: str
    change: dict = Field(
        description='What it changes: norms `{"norms": …}`, setting `{"setting": …, "value": …}`, '
        'removal `{"member": id}`; `{}` for a decision'
    )
    change_description: str = Field(description="A setting's change as a sentence; empty for the other kinds")
    author: PersonOut | None = Field(description="null when the author has left talkoot")
    status: ProposalStatus
    window_hours: int
    opened_at: datetime = Field(description="The start of the current window (an amendment restarts it)")
    closes_at: datetime
    amended_at: datetime | None
    decided_at: datetime | None
    outcome: OutcomeOut | None = Field(description="At the close: consents, objections and consents needed")
    about_you: bool = Field(description="An open proposal to remove you: you are told, and may respond")
    created_at: datetime


ProposalPage = page_schema(ProposalOut)


class ProposalsQuery(ListQuery):
    status: ProposalStatus | None = Field(None, description="only the proposals in this state, such as `open`")


class ResponseOut(Out):
    member: PersonOut
    kind: ResponseKind
    reason: str
    updated_at: datetime


class TallyOut(Out):
    consent: int
    abstain: int
    concern: int
    objection: int


class ProposalDetailOut(ProposalOut):
    responses: list[ResponseOut]
    tally: TallyOut
    your_response: ResponseOut | None
    member_to_remove: PersonOut | None = Field(description="Whom a removal proposal is about")


class ProposalIn(In):
    """As the page's form: the fields of the other kinds are ignored."""

    kind: ProposalKind
    text: str = Field(max_length=services.TEXT_MAX_LENGTH, description="The proposal, in your own words")
    norms: str | None = Field(
        None, max_length=services.TEXT_MAX_LENGTH, description="kind `norms`: the new text of “How we work here”"
    )
    setting: Setting | None = Field(None, description="kind `setting`: which setting")
    value: Literal["open", "application", "public", "private"] | Threshold | None = Field(
        None,
        description="kind `setting`: its new value: `open`/`application` (join_policy), `public`/`private` "
        f"(visibility), 1–{MAX_TRUST_THRESHOLD} or null for the default (trust_threshold)",
    )
    member: int | None = Field(None, ge=1, le=ID_MAX, description="kind `removal`: the id of the member to remove")
    window_hours: WindowHours = Field(
        cast(WindowHours, services.DEFAULT_WINDOW_HOURS), description="How long it stays open"
    )
    once: str | None = Field(
        None, max_length=64, description="Any random text: sent again with the same text, nothing is made twice"
    )

    def change(self) -> dict:
        """The change for the service to check, as the form makes it (ProposalForm.change)."""
        if self.kind == ProposalKind.NORMS:
            return {"norms": self.norms or ""}
        if self.kind == ProposalKind.SETTING:
            return {"setting": self.setting or "", "value": self.value}
        if self.kind == ProposalKind.REMOVAL:
            return {"member": self.member}
        return {}


class ResponseIn(In):
    kind: ResponseKind
    reason: str = Field("", max_length=services.REASON_MAX_LENGTH, description="Needed for a concern or an objection")


class AmendIn(In):
    text: str = Field(max_length=services.TEXT_MAX_LENGTH, description="The changed proposal")


# --- Endpoints -----------------------------------------------------------------------------------


def _proposal(proposal: Proposal, viewer) -> dict:
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "text": proposal.text,
        "change": proposal.change,
        "change_description": proposal.setting_change(),
        "author": proposal.author,
        "status": proposal.status,
        "window_hours": proposal.window_hours,
        "opened_at": proposal.opened_at,
        "closes_at": proposal.closes_at,
        "amended_at": proposal.amended_at,
        "decided_at": proposal.decided_at,
        "outcome": proposal.outcome or None,
        "about_you": proposal.status == ProposalStatus.OPEN
        and proposal.kind == ProposalKind.REMOVAL
        and proposal.change.get("member") == viewer.pk,
        "created_at": proposal.created_at,
    }


def _detail(member, proposal: Proposal) -> dict:
    responses = list(selectors.responses_to(proposal))
    return {
        **_proposal(proposal, member),
        "responses": responses,
        "tally": selectors.tally(responses),
        "your_response": next((r for r in responses if r.member_id == member.pk), None),
        "member_to_remove": selectors.member_to_remove(proposal),
    }


@router.get("/communities/{slug}/proposals", response=ProposalPage, summary="The community's proposals, newest first")
def proposals_list(request, slug: str, q: Query[ProposalsQuery]):
    community = community_for(request.user, slug)
    proposals = selectors.proposals_in(request.user, community)
    if q.status:
        proposals = proposals.filter(status=q.status)
    page = cursor_page(proposals, order=("-created_at", "-id"), cursor=q.cursor, limit=q.limit)
    page["items"] = [_proposal(proposal, request.user) for proposal in page["items"]]
    return page


@router.post(
    "/communities/{slug}/proposals",
    response={201: ProposalDetailOut, 200: ProposalDetailOut},
    summary="Make a proposal (you count as consenting)",
)
def proposal_create(request, slug: str, payload: ProposalIn):
    community = community_for(request.user, slug)
    selectors.proposals_of(request.user, community)  # members only, as the page
    return create_once(
        request,
        payload.once,
        lambda: services.proposal_create(
            author=request.user,
            community=community,
            kind=payload.kind,
            text=payload.text,
            change=payload.change(),
            window_hours=payload.window_hours,
        ),
        lambda pk: _detail(request.user, selectors.proposal_for(request.user, community, pk)),
    )


@router.get(
    "/communities/{slug}/proposals/{proposal_id}",
    response=ProposalDetailOut,
    summary="A proposal with its responses and their tally",
)
def proposal_detail(request, slug: str, proposal_id: int):
    community = community_for(request.user, slug)
    return _detail(request.user, selectors.proposal_for(request.user, community, proposal_id))


@router.post(
    "/communities/{slug}/proposals/{proposal_id}/responses",
    response=ProposalDetailOut,
    summary="Respond to a proposal, or change your response, until it closes",
)
def proposal_respond(request, slug: str, proposal_id: int, payload: ResponseIn):
    community = community_for(request.user, slug)
    proposal = selectors.proposal_for(request.user, community, proposal_id)
    services.proposal_respond(member=request.user, proposal=proposal, kind=payload.kind, reason=payload.reason)
    return _detail(request.user, selectors.proposal_for(request.user, community, proposal.pk))


@router.post(
    "/communities/{slug}/proposals/{proposal_id}/amend",
    response=ProposalDetailOut,
    summary="Change your open proposal: a full window opens again",
)
def proposal_amend(request, slug: str, proposal_id: int, payload: AmendIn):
    community = community_for(request.user, slug)
    proposal = selectors.proposal_for(request.user, community, proposal_id)
    services.proposal_amend(author=request.user, proposal=proposal, text=payload.text)
    return _detail(request.user, selectors.proposal_for(request.user, community, proposal.pk))


@router.post(
    "/communities/{slug}/proposals/{proposal_id}/withdraw",
    response=ProposalDetailOut,
    summary="Withdraw your open proposal",
)
def proposal_withdraw(request, slug: str, proposal_id: int):
    community = community_for(request.user, slug)
    proposal = selectors.proposal_for(request.user, community, proposal_id)
    services.proposal_withdraw(author=request.user, proposal=proposal)
    return _detail(request.user, selectors.proposal_for(request.user, community, proposal.pk))

"""The communities part of the JSON API (config/api.py): finding communities, joining, applying,
leaving, the members, and the trust a member gives.

The same doors and services as the pages (views.py): every path under a community goes through
`selectors.community_for` first, so a private community is 404 to everyone outside it.
"""

from datetime import datetime
from typing import Annotated, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils.text import Truncator
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from talkoot.api.auth import ANYONE
from talkoot.api.pagination import cursor_page
from talkoot.api.schemas import In, ListQuery, Out, PersonOut, page_schema
from talkoot.communities import selectors, services
from talkoot.communities.access import viewer_is_member
from talkoot.communities.models import Community, JoinPolicy, Membership, Trust
from talkoot.communities.services.trust import NOTE_MAX_LENGTH
from talkoot.core.errors import ApplicationError

router = Router(tags=["communities"])

# The directory page shows this much of a description (`truncatechars:240`).
SUMMARY_LENGTH = 240
# The largest id the databases can hold: a bigger number is not an id, and must not reach SQLite.
MAX_ID = 2**63 - 1

MemberId = Annotated[int, Path(ge=1, le=MAX_ID)]
Answer = Annotated[str, StringConstraints(max_length=services.MAX_ANSWER_LENGTH)]
Question = Annotated[str, StringConstraints(max_length=services.MAX_QUESTION_LENGTH)]


# --- Schemas -------------------------------------------------------------------------------------


class CommunitiesQuery(ListQuery):
    q: str = Field("", max_length=services.NAME_MAX_LENGTH, description="part of the name")
    municipality: str = Field("", max_length=services.MUNICIPALITY_MAX_LENGTH, description="the whole name, any case")
    mine: bool = Field(False, description="only the communities you are a member of")


class CommunityOut(Schema):
    id: int
    slug: str
    name: str
    summary: str = Field(description=f"the start of the description, at most {SUMMARY_LENGTH} characters")
    municipality: str
    visibility: str
    join_policy: str
    member_count: int
    is_member: bool = Field(description="you are a member of it")

    @staticmethod
    def resolve_summary(community: Community) -> str:
        return Truncator(community.description).chars(SUMMARY_LENGTH)


CommunityPage = page_schema(CommunityOut)


class ViewerOut(Out):
    """You and the community: what the community page would offer you."""

    is_member: bool
    applied_at: datetime | None = Field(description="when you applied, while your application waits for a decision")
    may_join: bool = Field(description="you can join it now (`POST …/join`)")
    may_apply: bool = Field(description="you can apply to join it now (`POST …/apply`)")
    pending_applications: int = Field(description="applications waiting for a decision (members only, else 0)")


class CommunityDetailOut(Out):
    id: int
    slug: str
    name: str
    description: str
    norms: str = Field(description="how we work here")
    municipality: str
    visibility: str
    join_policy: str
    application_questions: list[str] = Field(description="what the community asks people who apply")
    member_count: int
    created_at: datetime
    viewer: ViewerOut


class ApplyIn(In):
    answers: list[Answer] = Field(max_length=services.MAX_QUESTIONS, description="one per question, in order")
    questions: list[Question] | None = Field(
        None,
        max_length=services.MAX_QUESTIONS,
        description="the questions you answered, as the community's detail gave them: refused if they changed since",
    )


class AnswerOut(Out):
    question: str
    answer: str


class ApplicationOut(Out):
    id: int
    status: str
    answers: list[AnswerOut]
    created_at: datetime


class MemberOut(Schema):
    """A member as the members page shows them to everyone signed in who may see the community."""

    id: int
    display_name: str
    municipality: str
    skills: list[str]
    joined_at: datetime
    is_steward: bool

    @staticmethod
    def resolve_id(membership: Membership) -> int:
        return membership.member_id

    @staticmethod
    def resolve_display_name(membership: Membership) -> str:
        return membership.member.display_name

    @staticmethod
    def resolve_municipality(membership: Membership) -> str:
        return membership.member.municipality

    @staticmethod
    def resolve_skills(membership: Membership) -> list[str]:
        return [str(skill) for skill in membership.member.skills.all()]


MemberPage = page_schema(MemberOut)


class TrustIn(In):
    member_id: int = Field(ge=1, le=MAX_ID, description="the fellow member you trust")
    note: str = Field("", max_length=NOTE_MAX_LENGTH, description="a few words about why (optional)")


class TrustOut(Schema):
    member: PersonOut = Field(description="whom you trust")
    note: str
    created_at: datetime
    withdrawn_at: datetime | None

    @staticmethod
    def resolve_member(trust: Trust) -> PersonOut:
        return PersonOut(id=trust.trusted_id, display_name=trust.trusted.display_name)


TrustPage = page_schema(TrustOut)


# --- Helpers -------------------------------------------------------------------------------------


def _signed_in(member) -> bool:
    return member is not None and member.is_authenticated


def _viewer(member, community: Community, state: selectors.ViewerState) -> ViewerOut:
    # The page's buttons (detail.html#actions); private communities take nobody from outside.
    outside = _signed_in(member) and not state.is_member and not community.is_private
    pending = state.pending_application
    return ViewerOut(
        is_member=state.is_member,
        applied_at=pending.created_at if pending is not None else None,
        may_join=outside and community.join_policy == JoinPolicy.OPEN,
        may_apply=outside and pending is None and community.join_policy == JoinPolicy.APPLICATION,
        pending_applications=state.pending_count,
    )


def _detail(member, community: Community) -> CommunityDetailOut:
    state = selectors.viewer_state(member, community)
    asks = community.join_policy == JoinPolicy.APPLICATION
    return CommunityDetailOut(
        id=community.pk,
        slug=community.slug,
        name=community.name,
        description=community.description,
        norms=community.norms,
        municipality=community.municipality,
        visibility=community.visibility,
        join_policy=community.join_policy,
        application_questions=list(community.application_questions) if asks else [],
        member_count=state.member_count,
        created_at=community.created_at,
        viewer=_viewer(member, community, state),
    )


def _fellow_member(request, community: Community, member_id: int):
    """A current member of the community, for a member to trust (views._person_in): else 404."""
    if not viewer_is_member(request.user, community):
        raise Http404
    return selectors.community_member_for(community, member_id)


def _answers_field(error: ApplicationError) -> ApplicationError:
    """The service names an answer as the form does (`answer_0`); the API's body says `answers.0`."""
    if error.field and error.field.startswith("answer_"):
        index = error.field.removeprefix("answer_")
        return ApplicationError(error.message, field=f"answers.{index}", code=error.code, status=error.status)
    return error


# --- Finding communities -------------------------------------------------------------------------


@router.get("/communities", response=CommunityPage, auth=ANYONE, summary="Communities you can find")
def communities_list(request, filters: Query[CommunitiesQuery]):
    """Public communities and your own (private ones too), by name. Visitors see the public ones."""
    communities = selectors.communities_findable(
        request.user, query=filters.q, municipality=filters.municipality, mine=filters.mine
    )
    return cursor_page(communities, order=("name", "id"), cursor=filters.cursor, limit=filters.limit)


@router.get("/communities/{slug}", response=CommunityDetailOut, auth=ANYONE, summary="A community")
def community_detail(request, slug: str):
    """A private community is found by its members only."""
    community = selectors.community_for(request.user, slug)
    return _detail(request.user, community)


# --- Joining, applying, leaving ------------------------------------------------------------------


@router.post("/communities/{slug}/join", response=ViewerOut, summary="Join an open community")
def community_join(request, slug: str):
    community = selectors.community_for(request.user, slug)
    services.membership_join(member=request.user, community=community)
    return _viewer(request.user, community, selectors.viewer_state(request.user, community))


@router.post(
    "/communities/{slug}/apply", response={201: ApplicationOut}, summary="Apply to a community that asks for it"
)
def community_apply(request, slug: str, payload: ApplyIn):
    community = selectors.community_for(request.user, slug)
    try:
        application = services.application_submit(
            applicant=request.user, community=community, answers=payload.answers, questions_seen=payload.questions
        )
    except ApplicationError as error:
        raise _answers_field(error) from None
    return Status(201, application)


@router.post("/communities/{slug}/leave", response=ViewerOut, summary="Leave a community")
def community_leave(request, slug: str):
    """After leaving a private community, nothing in it is yours to see any more."""
    community = selectors.community_for(request.user, slug)
    services.membership_leave(member=request.user, community=community)
    return _viewer(request.user, community, selectors.viewer_state(request.user, community))


# --- Members -------------------------------------------------------------------------------------


@router.get("/communities/{slug}/members", response=MemberPage, summary="The members of a community")
def community_members(request, slug: str, filters: Query[ListQuery]):
    """As the members page: a public community's members for everyone signed in, a private
    community's for its members. Longest-standing first."""
    community = selectors.community_for(request.user, slug)
    # The page's selector, for its filter and for the only fields others may see of a member; the
    # API pages through its query by a cursor instead of by page numbers. (Its Paginator counts
    # the members once: one query more, not one per row.)
    memberships = cast(QuerySet[Membership], selectors.community_members(community).paginator.object_list)
    return cursor_page(memberships, order=("joined_at", "id"), cursor=filters.cursor, limit=filters.limit)


# --- Trust ---------------------------------------------------------------------------------------


@router.get("/communities/{slug}/trust", response=TrustPage, summary="The trust you give in a community")
def community_trust_list(request, slug: str, filters: Query[ListQuery]):
    """Your standing trust in fellow members who are still members (as on their pages), oldest first."""
    community = selectors.community_for(request.user, slug)
    if not viewer_is_member(request.user, community):
        raise Http404
    trust = selectors.trust_given_by(request.user, community)
    return cursor_page(trust, order=("created_at", "id"), cursor=filters.cursor, limit=filters.limit)


@router.post("/communities/{slug}/trust", response={201: TrustOut}, summary="Trust a fellow member")
def community_trust_give(request, slug: str, payload: TrustIn):
    """Members can give trust after their first 30 days; enough trust makes a member a steward."""
    community = selectors.community_for(request.user, slug)
    person = _fellow_member(request, community, payload.member_id)
    trust = services.trust_give(truster=request.user, trusted=person, community=community, note=payload.note)
    return Status(201, trust)


@router.delete(
    "/communities/{slug}/trust/{member_id}", response=TrustOut, summary="Take back your trust in a fellow member"
)
def community_trust_withdraw(request, slug: str, member_id: MemberId):
    community = selectors.community_for(request.user, slug)
    person = _fellow_member(request, community, member_id)
    return services.trust_withdraw(truster=request.user, trusted=person, community=community)

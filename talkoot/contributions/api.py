"""The contributions part of the JSON API (config/api.py): the ledger, thanks and assessments.

The same doors and services as the pages (views.py, actions/views.py `assess`): `community_for`,
then `contribution_for` or `action_for`, then one service. A record of help is parsed by the
page's own form, so the API and the page accept the same days, people and lengths.

What a record says follows the cards (cards.py): notes and the names of the people helped are
for members of the community and the contributor; others see who gave, how long, what kind and
when. Nothing here is a balance: given and received are never set against each other.
"""

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Status
from ninja.errors import ValidationError

from talkoot.actions.selectors import action_beneficiary_for, action_for, assessment_of
from talkoot.api.once import create_once
from talkoot.api.pagination import cursor_page
from talkoot.api.schemas import Id, In, ListQuery, Out, PersonOut, page_schema, person_out
from talkoot.communities.selectors import community_for
from talkoot.contributions import selectors, services
from talkoot.contributions.forms import OTHER, ContributionRecordForm
from talkoot.contributions.models import (
    MAX_CONTRIBUTION_MINUTES,
    Assessment,
    Category,
    Contribution,
    ContributionBeneficiary,
    Thanks,
)
from talkoot.core.models import max_length_of

router = Router(tags=["contributions"])

NOTE_MAX = max_length_of(Contribution, "note")
NAME_MAX = max_length_of(ContributionBeneficiary, "name")
MESSAGE_MAX = max_length_of(Thanks, "message")
ASSESSMENT_TEXT_MAX = max_length_of(Assessment, "difference")
MAX_BENEFICIARIES = 200
ORDER = ("-happened_at", "-id")


# --- Schemas -------------------------------------------------------------------------------------


class ContributionOut(Out):
    id: int
    contributor: PersonOut
    to_the_commons: bool = Field(description="nobody in particular: a gift to the whole community")
    beneficiary_count: int = Field(description="how many people it was for (0 for the commons)")
    beneficiaries: list[PersonOut] = Field(
        description="the members it was for; empty for the commons, or when the names are not for you"
    )
    others_helped: list[str] = Field(
        description="names of people without an account it was for; empty when the names are not for you"
    )
    minutes: int
    category: Category
    note: str = Field(description="what was done; empty when there is none or it is not for you")
    happened_at: datetime
    action_id: int | None
    thanks_count: int
    thanked_by_me: bool
    may_thank: bool
    may_edit: bool = Field(description="you gave this help and the 7 days to change it are not over")
    withdrawn: bool = Field(description="only the contributor still sees a withdrawn record")


ContributionPage = page_schema(ContributionOut)


class ContributionListQuery(ListQuery):
    action_id: Id | None = Field(None, description="only the help given to this action")


class ContributionRecordIn(In):
    """Help given: to the members named, or with nobody named to the commons."""

    minutes: int = Field(ge=1, le=MAX_CONTRIBUTION_MINUTES)
    category: Category
    happened_on: date | None = Field(None, description="the day it happened, within the last year; today if left out")
    beneficiaries: list[Id] = Field(
        default_factory=list,
        max_length=MAX_BENEFICIARIES,
        description="ids of members of the community it was for; none for the commons",
    )
    beneficiary_name: str = Field("", max_length=NAME_MAX, description="someone you helped who is not on talkoot")
    note: str = Field("", max_length=NOTE_MAX)
    action_id: Id | None = Field(None, description="the action this help was for")
    once: str = Field(
        "", max_length=64, description="any random text: the same text sent again does not record the help twice"
    )


class ContributionEditIn(In):
    """Fields left out keep their value."""

    minutes: int | None = Field(None, ge=1, le=MAX_CONTRIBUTION_MINUTES)
    category: Category | None = None
    note: str | None = Field(None, max_length=NOTE_MAX)


class ThanksIn(In):
    message: str = Field("", max_length=MESSAGE_MAX)


class ThanksOut(Out):
    id: int
    contribution_id: int
    member: PersonOut
    message: str
    created_at: datetime


class AssessmentIn(In):
    value_in_use: int = Field(ge=1, le=5, description="how useful it was, from 1 (not useful) to 5 (very useful)")
    difference: str = Field("", max_length=ASSESSMENT_TEXT_MAX, description="what difference did this make?")
    change_next_time: str = Field("", max_length=ASSESSMENT_TEXT_MAX, description="what should change next time?")
    on_behalf_of: Id | None = Field(
        None, description="the id of a person without an account this action was for, whose answer you record"
    )


class AssessmentOut(Out):
    id: int
    action_id: int
    assessor: PersonOut
    on_behalf_of: int | None
    value_in_use: int
    difference: str
    change_next_time: str
    updated_at: datetime


# --- Shaping -------------------------------------------------------------------------------------


def _out(contribution: Contribution, viewer) -> ContributionOut:
    """A record from a contributions selector (annotated, with `people`), as `viewer` may see it."""
    details = bool(contribution.viewer_is_member) or contribution.contributor_id == viewer.pk  # type: ignore[attr-defined]
    people = contribution.people  # type: ignore[attr-defined]
    return ContributionOut(
        id=contribution.pk,
        contributor=person_out(contribution.contributor_id, contribution.contributor.display_name),
        to_the_commons=not people,
        beneficiary_count=len(people),
        beneficiaries=[person_out(one.member_id, one.display_name) for one in people if one.member_id]
        if details
        else [],
        others_helped=[one.name for one in people if one.member_id is None] if details else [],
        minutes=contribution.minutes,
        category=Category(contribution.category),
        note=contribution.note if details else "",
        happened_at=contribution.happened_at,
        action_id=contribution.action_id,
        thanks_count=contribution.thanks_count,  # type: ignore[attr-defined]
        thanked_by_me=contribution.thanked_by_viewer,  # type: ignore[attr-defined]
        may_thank=contribution.viewer_may_thank,  # type: ignore[attr-defined]
        may_edit=contribution.viewer_may_edit and contribution.withdrawn_at is None,  # type: ignore[attr-defined]
        withdrawn=contribution.withdrawn_at is not None,
    )


def _listed(viewer, community) -> QuerySet[Contribution]:
    # The rule of `_visible` and the annotations of the partial, as `community_recent` reads them,
    # left as a queryset so it can be cut into cursor pages.
    return selectors.contributions_visible_to(viewer, community)


_FORM_FIELDS = {"minutes_choice": "minutes", "minutes_other": "minutes", "__all__": ""}


def _record_form(payload: ContributionRecordIn, community, viewer) -> ContributionRecordForm:
    """The page's form, filled from the body; its errors are this body's 422."""
    data = {
        "minutes_choice": OTHER,
        "minutes_other": str(payload.minutes),
        "category": payload.category.value,
        "happened_on": (payload.happened_on or timezone.localdate()).isoformat(),
        "beneficiaries": [str(pk) for pk in payload.beneficiaries],
        "beneficiary_name": payload.beneficiary_name,
        "note": payload.note,
    }
    form = ContributionRecordForm(data, beneficiary_choices=selectors.beneficiary_choices(community, exclude=viewer))
    if not form.is_valid():
        raise ValidationError(
            [
                {
                    "loc": ("body", _FORM_FIELDS.get(name, name)),
                    "type": "value_error",
                    "ctx": {"error": str(message)},
                }
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    return form


# --- Endpoints -----------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/contributions",
    response=ContributionPage,
    summary="Recent help given in the community, newest first",
)
def contributions_list(request, slug: str, q: Query[ContributionListQuery]):
    community = community_for(request.user, slug)
    contributions = _listed(request.user, community)
    if q.action_id is not None:
        contributions = contributions.filter(action=action_for(request.user, community, q.action_id))
    page = cursor_page(contributions, order=ORDER, cursor=q.cursor, limit=q.limit)
    page["items"] = [_out(one, request.user) for one in selectors.unpack(page["items"])]
    return page


@router.post(
    "/communities/{slug}/contributions",
    response={200: ContributionOut, 201: ContributionOut},
    summary="Record help you gave: to people, or to the commons",
)
def contribution_record(request, slug: str, payload: ContributionRecordIn):
    community = community_for(request.user, slug)
    action = action_for(request.user, community, payload.action_id) if payload.action_id is not None else None
    form = _record_form(payload, community, request.user)
    return create_once(
        request,
        payload.once,
        lambda: services.contribution_record(
            contributor=request.user, community=community, action=action, **form.service_kwargs()
        ),
        lambda pk: _out(selectors.contribution_for(request.user, community, pk), request.user),
    )


@router.get(
    "/communities/{slug}/contributions/{contribution_id}",
    response=ContributionOut,
    summary="One record of help",
)
def contribution_detail(request, slug: str, contribution_id: int):
    community = community_for(request.user, slug)
    return _out(selectors.contribution_for(request.user, community, contribution_id), request.user)


@router.patch(
    "/communities/{slug}/contributions/{contribution_id}",
    response=ContributionOut,
    summary="Change how long, what kind or the note of help you gave (for 7 days)",
)
def contribution_edit(request, slug: str, contribution_id: int, payload: ContributionEditIn):
    community = community_for(request.user, slug)
    contribution = selectors.contribution_for(request.user, community, contribution_id)
    sent = payload.model_dump(exclude_none=True)
    services.contribution_edit(
        editor=request.user,
        contribution=contribution,
        minutes=sent.get("minutes", contribution.minutes),
        category=sent.get("category", contribution.category),
        note=sent.get("note", contribution.note),
    )
    return _out(selectors.contribution_for(request.user, community, contribution.pk), request.user)


@router.post(
    "/communities/{slug}/contributions/{contribution_id}/withdraw",
    response=ContributionOut,
    summary="Withdraw a record of help you gave (for 7 days; the history keeps a note)",
)
def contribution_withdraw(request, slug: str, contribution_id: int):
    community = community_for(request.user, slug)
    contribution = selectors.contribution_for(request.user, community, contribution_id)
    services.contribution_withdraw(editor=request.user, contribution=contribution)
    return _out(selectors.contribution_for(request.user, community, contribution.pk), request.user)


@router.post(
    "/communities/{slug}/contributions/{contribution_id}/thanks",
    response={201: ThanksOut},
    summary="Thank someone for their help (once per record)",
)
def contribution_thank(request, slug: str, contribution_id: int, payload: ThanksIn):
    community = community_for(request.user, slug)
    contribution = selectors.contribution_for(request.user, community, contribution_id)
    thanks = services.thanks_give(member=request.user, contribution=contribution, message=payload.message)
    out = ThanksOut(
        id=thanks.pk,
        contribution_id=contribution.pk,
        member=person_out(request.user.pk, request.user.display_name),
        message=thanks.message,
        created_at=thanks.created_at,
    )
    return Status(201, out)


@router.post(
    "/communities/{slug}/actions/{action_id}/assessments",
    response={200: AssessmentOut, 201: AssessmentOut},
    summary="Assess what an action delivered (value in use); sending again changes your answer",
)
def assessment_submit(request, slug: str, action_id: int, payload: AssessmentIn):
    community = community_for(request.user, slug)
    action = action_for(request.user, community, action_id)
    on_behalf_of = action_beneficiary_for(action, payload.on_behalf_of) if payload.on_behalf_of is not None else None
    existing = assessment_of(action, request.user, on_behalf_of)
    assessment = services.assessment_submit(
        assessor=request.user,
        action=action,
        on_behalf_of=on_behalf_of,
        value_in_use=payload.value_in_use,
        difference=payload.difference,
        change_next_time=payload.change_next_time,
    )
    out = AssessmentOut(
        id=assessment.pk,
        action_id=action.pk,
        assessor=person_out(request.user.pk, request.user.display_name),
        on_behalf_of=assessment.on_behalf_of_id,
        value_in_use=assessment.value_in_use,
        difference=assessment.difference,
        change_next_time=assessment.change_next_time,
        updated_at=assessment.updated_at,
    )
    return Status(200 if existing else 201, out)

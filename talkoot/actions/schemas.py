"""Input and output schemas of the actions router (api.py).

Bounds follow the models and the pages' forms (forms.py); of other members only `PersonOut`.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from talkoot.actions import ranking, services
from talkoot.actions.forms import EFFORT_CHOICES, NEED_KINDS
from talkoot.actions.models import (
    MAX_EFFORT_MINUTES,
    MAX_SLOTS,
    Action,
    ActionBeneficiary,
    ActionVisibility,
    ClaimStatus,
    Stage,
    Task,
    TaskStatus,
)
from talkoot.api.schemas import In, ListQuery, Out, PersonOut, page_schema
from talkoot.contributions.models import Category
from talkoot.core.models import max_length_of

TITLE_MAX = max_length_of(Action, "title")
PROBLEM_MAX = max_length_of(Action, "problem")
PLACE_MAX = max_length_of(Action, "place")
TASK_TITLE_MAX = max_length_of(Task, "title")
TASK_DESCRIPTION_MAX = max_length_of(Task, "description")
TASK_PLACE_MAX = max_length_of(Task, "place")
NAME_MAX = max_length_of(ActionBeneficiary, "name")
REASON_MAX = 500  # as StageMoveForm and action_move_stage keep it
NOTE_MAX = 1000  # as ClaimDoneForm
MAX_DONE_MINUTES = 24 * 60  # as ClaimDoneForm
MAX_BENEFICIARIES = 200
MAX_SKILLS = 30
FOR_YOU_LIMIT = ranking.PAGE_SIZE
MAX_ID = 2**63 - 1  # the largest id the database holds
BEFORE_YEAR = 3000  # a later day would overflow as the page's form adds a day or the effort to it


def _within_reach[D: (date, datetime)](value: D) -> D:
    if value.year >= BEFORE_YEAR:
        raise ValueError(_("Choose a date before the year %(year)d.") % {"year": BEFORE_YEAR})
    return value


Day = Annotated[date, AfterValidator(_within_reach)]
Moment = Annotated[datetime, AfterValidator(_within_reach)]
MemberId = Annotated[int, Field(ge=1, le=MAX_ID)]
ONCE_FIELD = Field(
    "", max_length=64, description="any random text: the same text sent again does not create a second one"
)


# --- Schemas -------------------------------------------------------------------------------------


class ActionOut(Out):
    id: int
    title: str
    problem: str = Field(description="the problem it solves")
    stage: Stage
    visibility: ActionVisibility
    place: str
    starts_on: date | None
    ends_on: date | None
    started_by: PersonOut | None
    created_at: datetime
    hidden: bool = Field(description="hidden by the stewards after a report while they decide; its content is left out")


ActionPage = page_schema(ActionOut)


class ActionListQuery(ListQuery):
    stage: Stage | None = Field(None, description="only the actions in this stage")


class TaskSummaryOut(Out):
    id: int
    title: str
    effort_minutes: int
    slots: int
    taken: int = Field(description="places taken (active claims)")
    status: TaskStatus
    starts_at: datetime | None
    ends_at: datetime | None
    deadline: datetime | None
    my_claim_id: int | None = Field(description="your active claim on it, if you took it on")
    hidden: bool = Field(description="hidden by the stewards after a report; its content is left out")


class BeneficiaryOut(Out):
    """Someone an action is for: a member, or a person without an account a member speaks for."""

    member: PersonOut | None
    name: str = Field(description="the name of a person without an account; empty for a member")
    represented_by: str = Field(description="the member who acts for a person without an account")


class ActionDetailOut(ActionOut):
    participants: list[PersonOut] = Field(description="the people taking part, in the order they joined")
    beneficiaries: list[BeneficiaryOut] = Field(description="who it is for; empty: the whole community")
    tasks: list[TaskSummaryOut]
    is_member: bool = Field(description="you are a member of its community")
    takes_part: bool = Field(description="you take part, so you may move its stage")
    may_claim: bool = Field(description="you may take on its open tasks")


class ActionStartIn(In):
    title: str = Field(max_length=TITLE_MAX)
    problem: str = Field("", max_length=PROBLEM_MAX, description="what is wrong or missing now, and for whom")
    for_whom: Literal["everyone", "me", "members", "someone"] = Field(
        "everyone",
        description="`everyone` (the commons), `me`, `members` (named in `beneficiaries`) or `someone` "
        "(a person without an account, named in `beneficiary_name`)",
    )
    beneficiaries: list[MemberId] = Field(
        default_factory=list, max_length=MAX_BENEFICIARIES, description="ids of members it is for"
    )
    beneficiary_name: str = Field("", max_length=NAME_MAX)
    visibility: ActionVisibility = ActionVisibility.COMMUNITY
    place: str = Field("", max_length=PLACE_MAX, description="no home addresses: they are shown to others")
    starts_on: Day | None = None
    ends_on: Day | None = None
    once: str = ONCE_FIELD


class NeedHelpIn(In):
    """“I need help”: an action for you (or someone you ask for) with one task, ready to be taken on."""

    what: str = Field(max_length=TASK_TITLE_MAX, description="what you need help with")
    details: str = Field("", max_length=TASK_DESCRIPTION_MAX, description="anything the helper should know")
    day: Day | None = Field(None, description="which day; any day if left out")
    day_part: Literal["any", "morning", "afternoon", "evening"] = Field(
        "any", description="`morning` from 9, `afternoon` from 13, `evening` from 17; `any` time that day"
    )
    # The form's own choices (a tuple in Literal[...] is its values).
    effort_minutes: Literal[tuple(minutes for minutes, _label in EFFORT_CHOICES)] = Field(  # type: ignore[valid-type]
        60, description="about how long, in minutes"
    )
    kind: Literal[("", *NEED_KINDS)] = Field(  # type: ignore[valid-type]
        "", description="the kind of help (a category), or empty when not sure"
    )
    for_name: str = Field("", max_length=NAME_MAX, description="a person without an account you ask for")
    once: str = ONCE_FIELD


class StageMoveIn(In):
    stage: Stage = Field(description="the stage to move to: the next one, or the one before with a reason")
    from_stage: Stage = Field(
        description="the stage you saw the action in: if someone moved it since, nothing changes (409)"
    )
    reason: str = Field("", max_length=REASON_MAX, description="why it goes back a stage (needed then)")


class TaskOut(Out):
    id: int
    action_id: int
    title: str
    description: str
    effort_minutes: int
    slots: int = Field(description="people needed")
    taken: int = Field(description="places taken (active claims)")
    status: TaskStatus
    starts_at: datetime | None
    ends_at: datetime | None
    deadline: datetime | None
    place: str
    skills: list[str] = Field(description="slugs of the skills that help")
    could_be_split: bool = Field(description="over two hours: easier to take on when split")
    repeats: bool = Field(description="an occurrence of a repeating task")
    my_claim_id: int | None = Field(description="your active claim on it, if you took it on")
    hidden: bool = Field(description="hidden by the stewards after a report; its content is left out")
    created_at: datetime


TaskPage = page_schema(TaskOut)


class TaskDetailOut(TaskOut):
    action_title: str
    claimants: list[PersonOut] = Field(description="who took it on (claims active or done)")


class TaskIn(In):
    """A task with a deadline, or at a set time (`starts_at`), or neither: any time."""

    title: str = Field(max_length=TASK_TITLE_MAX, description="something one person can do in one go")
    description: str = Field("", max_length=TASK_DESCRIPTION_MAX)
    effort_minutes: int = Field(60, ge=1, le=MAX_EFFORT_MINUTES)
    slots: int = Field(1, ge=1, le=MAX_SLOTS, description="people needed")
    deadline: Moment | None = Field(None, description="done by then; not with `starts_at`")
    starts_at: Moment | None = Field(None, description="at a set time, still ahead (no offset: your time zone)")
    ends_at: Moment | None = Field(None, description="with `starts_at`; the start plus the effort if left out")
    place: str = Field("", max_length=TASK_PLACE_MAX, description="no home addresses: they are shown to others")
    skills: list[str] = Field(default_factory=list, max_length=MAX_SKILLS, description="slugs of curated skills")
    once: str = ONCE_FIELD


class SplitIn(In):
    parts: int = Field(ge=2, le=services.MAX_SPLIT_PARTS, description="into how many tasks")
    seen_effort_minutes: int = Field(
        ge=1, description="the task's `effort_minutes` as you saw it: a repeat or a stale view does not split twice"
    )


class SplitOut(Out):
    parts: list[TaskOut] = Field(description="the first part is the original task")


class ClaimOut(Out):
    id: int
    task: TaskSummaryOut
    action_id: int
    member: PersonOut
    status: ClaimStatus
    late: bool = Field(description="given back within 24 hours of the start: never held against anyone")
    actual_minutes: int | None
    finished_at: datetime | None
    created_at: datetime


class ClaimDoneIn(In):
    actual_minutes: int | None = Field(
        None, ge=1, le=MAX_DONE_MINUTES, description="how long it took; the task's effort if left out"
    )
    category: Category = Field(Category.OTHER, description="the kind of help")
    note: str = Field("", max_length=NOTE_MAX)


class ClaimDoneOut(ClaimOut):
    contribution_id: int = Field(description="the record of your help in the contribution ledger")


class ForYouTaskOut(Out):
    id: int
    community: str = Field(description="the community's slug")
    action_id: int
    action_title: str
    title: str
    effort_minutes: int
    slots: int
    taken: int
    starts_at: datetime | None
    ends_at: datetime | None
    deadline: datetime | None
    place: str
    reasons: list[str] = Field(description="why it is offered to you, in a few words each")
    matching_skills: list[str] = Field(description="slugs of your skills it asks for")


class ForYouOut(Out):
    items: list[ForYouTaskOut] = Field(description="best fitting first")


class ForYouQuery(Schema):
    category: str = Field("", max_length=32, description="a kind of help, or empty for every kind")
    when: Literal["any", "today", "week"] = Field("any", description="tasks without a fixed time always count")
    length: Literal["any", "short", "medium", "long"] = Field(
        "any", description="`short` up to 30 minutes, `medium` up to 2 hours, `long` longer"
    )
    limit: int = Field(FOR_YOU_LIMIT, ge=1, le=FOR_YOU_LIMIT)

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value and value not in ranking.FILTER_CATEGORIES:
            raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(ranking.FILTER_CATEGORIES)})
        return value

"""The actions part of the JSON API (config/api.py): actions, their tasks, and claims on tasks.

The same doors and services as the pages (views.py, views_for_you.py): `community_for` (or
`community_and_action_for` for an action's page), then `action_for`, `task_for` or `claim_for`, then
one service. Bodies that start an action, ask for help or add a task are parsed by the page's own
form, so the API and the pages accept the same things; the rules themselves stay in services.py.
The schemas are in schemas.py.

Reads are open to visitors where the pages are (public actions of public communities); everything
inside a private community answers 404 to everyone outside it. Of other members only `PersonOut`
is shown: who started an action, who takes part, who took a task on (as the action page names them).
"""

from datetime import datetime
from typing import Any

from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.forms import Form, ModelMultipleChoiceField
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError

from talkoot.actions import ranking, selectors, services
from talkoot.actions.cards import task_cards
from talkoot.actions.forms import ActionForm, ClaimDoneForm, NeedHelpForm, StageMoveForm, TaskForm, Timing
from talkoot.actions.models import Action, ActionVisibility, Claim, ClaimStatus, Stage, Task, TaskQuerySet, TaskStatus
from talkoot.actions.open_work import not_reserved_for_others, open_tasks
from talkoot.actions.schemas import (
    ActionDetailOut,
    ActionListQuery,
    ActionOut,
    ActionPage,
    ActionStartIn,
    BeneficiaryOut,
    ClaimDoneIn,
    ClaimDoneOut,
    ClaimOut,
    ForYouOut,
    ForYouQuery,
    ForYouTaskOut,
    NeedHelpIn,
    SplitIn,
    SplitOut,
    StageMoveIn,
    TaskDetailOut,
    TaskIn,
    TaskOut,
    TaskPage,
    TaskSummaryOut,
)
from talkoot.api.auth import ANYONE
from talkoot.api.once import create_once
from talkoot.api.pagination import CompiledCursorList, cursor_page
from talkoot.api.problems import Problem
from talkoot.api.schemas import ListQuery, PersonOut, person_out
from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import community_for, my_communities
from talkoot.core.compiled import CompiledQuery
from talkoot.members.models import Skill

router = Router(tags=["actions"])

ORDER = ("-created_at", "-id")
# 'For you' across communities: the best tasks of each of the member's first communities (by name),
# merged by the same scores. A bounded list: each community costs the same few queries.
FOR_YOU_COMMUNITIES = 10


# --- Shaping -------------------------------------------------------------------------------------


def _person(member) -> PersonOut | None:
    return None if member is None else person_out(member.pk, member.display_name)


def _action_out(action: Action) -> dict[str, Any]:
    hidden = action.hidden_at is not None
    return {
        "id": action.pk,
        "title": "" if hidden else action.title,
        "problem": "" if hidden else action.problem,
        "stage": Stage(action.stage),
        "visibility": ActionVisibility(action.visibility),
        "place": "" if hidden else action.place,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "started_by": None if hidden else _person(action.started_by),
        "created_at": action.created_at,
        "hidden": hidden,
    }


def _summary(task: Task, status: str, my_claim_id: int | None) -> TaskSummaryOut:
    hidden = task.hidden_at is not None
    return TaskSummaryOut(
        id=task.pk,
        title="" if hidden else task.title,
        effort_minutes=task.effort_minutes,
        slots=task.slots,
        taken=task.taken,
        status=TaskStatus(status),
        starts_at=task.starts_at,
        ends_at=task.ends_at,
        deadline=task.deadline,
        my_claim_id=my_claim_id,
        hidden=hidden,
    )


def _action_detail(viewer, action: Action) -> ActionDetailOut:
    """The action as its page shows it (`action_page`: a fixed number of queries)."""
    if action.hidden_at is not None:  # nothing of it is shown while the stewards decide
        return ActionDetailOut(
            **_action_out(action),
            participants=[],
            beneficiaries=[],
            tasks=[],
            is_member=bool(getattr(action, "viewer_is_member", False)),
            takes_part=False,
            may_claim=False,
        )
    page = selectors.action_page(viewer, action)
    return ActionDetailOut(
        **_action_out(action),
        participants=[
            PersonOut(id=one.member_id, display_name=one.display_name or _("A former member"))
            for one in page.participants
        ],
        beneficiaries=[
            BeneficiaryOut(
                member=PersonOut(id=one.member_id, display_name=one.display_name or _("A former member"))
                if one.member_id
                else None,
                name="" if one.member_id else one.name,
                represented_by="" if one.member_id else one.represented_by,
            )
            for one in page.beneficiaries
        ],
        tasks=[_summary(row.task, row.status, row.my_claim_id) for row in page.tasks],
        is_member=page.is_member,
        takes_part=page.takes_part,
        may_claim=page.may_claim,
    )


def _listed_tasks(viewer_id: int | None, tasks: TaskQuerySet) -> TaskQuerySet:
    """What a task list shows in one query, whatever the number of rows: the done claims (for
    `status`), the viewer's own active claim (`viewer_id`, None for a visitor), the skills' slugs
    (`skill_slugs`, comma-joined)."""
    slugs = (
        Skill.objects.filter(tasks=OuterRef("pk"))
        .order_by()
        .values("tasks")
        .annotate(joined=StringAgg("slug", delimiter=Value(",")))  # SQLite orders no aggregate: sorted below
        .values("joined")
    )
    tasks = tasks.with_done_claims().annotate(skill_slugs=Subquery(slugs))
    if viewer_id is not None:
        mine = Claim.objects.filter(task=OuterRef("pk"), member_id=viewer_id, status=ClaimStatus.ACTIVE)
        tasks = tasks.annotate(my_claim_id=Subquery(mine.values("pk")[:1]))
    return tasks


def _skill_slugs(task: Task) -> list[str]:
    joined = getattr(task, "skill_slugs", None)  # a list's rows carry them (`_listed_tasks`)
    if joined is not None or hasattr(task, "skill_slugs"):
        return sorted(joined.split(",")) if joined else []
    return sorted(skill.slug for skill in task.skills.all())


def _task_fields(task: Task, now: datetime) -> dict[str, Any]:
    """A task read through `_listed_tasks` (or with `done_claims`, `my_claim_id` and its skills set)."""
    hidden = task.hidden_at is not None
    return {
        "id": task.pk,
        "action_id": task.action_id,
        "title": "" if hidden else task.title,
        "description": "" if hidden else task.description,
        "effort_minutes": task.effort_minutes,
        "slots": task.slots,
        "taken": task.taken,
        "status": TaskStatus(task.status_at(now)),
        "starts_at": task.starts_at,
        "ends_at": task.ends_at,
        "deadline": task.deadline,
        "place": "" if hidden else task.place,
        "skills": [] if hidden else _skill_slugs(task),
        "could_be_split": task.could_be_split,
        "repeats": task.series_id is not None,
        "my_claim_id": getattr(task, "my_claim_id", None),
        "hidden": hidden,
        "created_at": task.created_at,
    }


def _task_detail(viewer, task: Task) -> TaskDetailOut:
    """A task from `task_for`, with who took it on (one query for the claims, one for the skills)."""
    claims = list(
        Claim.objects.filter(task=task, status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE])
        .select_related("member")
        .only("id", "status", "member_id", "member__id", "member__display_name")
        .order_by("id")
    )
    task.done_claims = sum(1 for claim in claims if claim.status == ClaimStatus.DONE)  # type: ignore[attr-defined]
    viewer_id = viewer.pk if viewer.is_authenticated else None
    task.my_claim_id = next(  # type: ignore[attr-defined]
        (claim.pk for claim in claims if claim.member_id == viewer_id and claim.status == ClaimStatus.ACTIVE), None
    )
    hidden = task.hidden_at is not None or task.action.hidden_at is not None
    fields = _task_fields(task, timezone.now())
    if hidden:
        fields.update(hidden=True, title="", description="", place="", skills=[])
    return TaskDetailOut(
        **fields,
        action_title="" if hidden else task.action.title,
        claimants=[] if hidden else [person for claim in claims if (person := _person(claim.member))],
    )


def _claim_out(viewer, claim: Claim, out: type[ClaimOut] = ClaimOut, **extra) -> ClaimOut:
    """The caller's claim, fresh from its service, with its task as it is now (one query: the
    service changed the task's places with an UPDATE, not on the object the door gave)."""
    (task,) = _task_as_now(task_id=claim.task_id)
    my_claim_id = claim.pk if claim.status == ClaimStatus.ACTIVE else None
    return out(
        id=claim.pk,
        task=_summary(task, task.status_at(timezone.now()), my_claim_id),
        action_id=task.action_id,
        member=PersonOut(id=viewer.pk, display_name=viewer.display_name),
        status=ClaimStatus(claim.status),
        late=claim.late,
        actual_minutes=claim.actual_minutes,
        finished_at=claim.finished_at,
        created_at=claim.created_at,
        **extra,
    )


_task_as_now = CompiledQuery(lambda *, task_id: Task.objects.with_done_claims().filter(pk=task_id))


# --- Parsing with the pages' forms -----------------------------------------------------------------


def _invalid(errors: list[tuple[str, str]]) -> ValidationError:
    return ValidationError(
        [{"loc": ("body", field), "type": "value_error", "ctx": {"error": message}} for field, message in errors]
    )


def _valid[F: Form](form: F, names: dict[str, str] | None = None) -> F:
    """The page's form, filled from the body; its errors are this body's 422, by the body's names."""
    if not form.is_valid():
        renamed = {"__all__": "", **(names or {})}
        raise _invalid(
            [(renamed.get(name, name), str(message)) for name, messages in form.errors.items() for message in messages]
        )
    return form


def _task_form_data(payload: TaskIn) -> dict[str, Any]:
    """The body in the terms of the page's form: one timing, and the times that go with it."""
    problems = []
    if payload.starts_at and payload.deadline:
        problems.append(("deadline", _("Give a deadline or a start time, not both.")))
    if payload.ends_at and not payload.starts_at:
        problems.append(("ends_at", _("Please give the start.")))
    if problems:
        raise _invalid(problems)
    timing = Timing.SCHEDULED if payload.starts_at else Timing.DEADLINE if payload.deadline else Timing.NONE
    return {
        "title": payload.title,
        "description": payload.description,
        "effort_minutes": payload.effort_minutes,
        "slots": payload.slots,
        "timing": timing,
        "deadline": payload.deadline,
        "starts_at": payload.starts_at,
        "ends_at": payload.ends_at,
        "place": payload.place,
        "skills": payload.skills,
    }


def _members_only(viewer, community, refusal: str) -> None:
    """As the pages' `members_only`, before the body is read: `refusal` is the service's own
    message for the same rule (it refuses with 403 too)."""
    if not viewer_is_member(viewer, community):
        raise Problem(403, refusal % {"community": community.name}, code="not_a_member")


# --- Actions -------------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/actions",
    response=ActionPage,
    auth=ANYONE,
    summary="The community's actions you may see, newest first",
)
def actions_list(request, slug: str, q: Query[ActionListQuery]):
    community = community_for(request.user, slug)
    actions = selectors.actions_visible_to(request.user).filter(community=community, hidden_at__isnull=True)
    if q.stage is not None:
        actions = actions.filter(stage=q.stage.value)
    actions = actions.select_related("started_by").only(
        *(field.name for field in Action._meta.concrete_fields), "started_by__id", "started_by__display_name"
    )
    page = cursor_page(actions, order=ORDER, cursor=q.cursor, limit=q.limit)
    page["items"] = [ActionOut(**_action_out(action)) for action in page["items"]]
    return page


@router.post(
    "/communities/{slug}/actions",
    response={200: ActionDetailOut, 201: ActionDetailOut},
    summary="Start an action: a concrete problem to solve, with no committee and no approval",
)
def action_start(request, slug: str, payload: ActionStartIn):
    community = community_for(request.user, slug)
    _members_only(request.user, community, _("Only members of %(community)s can start actions there."))
    data = {
        "title": payload.title,
        "problem": payload.problem,
        "for_whom": payload.for_whom,
        "beneficiaries": [str(pk) for pk in payload.beneficiaries],
        "beneficiary_name": payload.beneficiary_name,
        "visibility": payload.visibility.value,
        "place": payload.place,
        "starts_on": payload.starts_on,
        "ends_on": payload.ends_on,
    }
    form = _valid(ActionForm(data, members_queryset=selectors.community_members_for_choice(community)))
    return create_once(
        request,
        payload.once,
        lambda: services.action_start(
            starter=request.user, community=community, **form.service_arguments(request.user)
        ),
        lambda pk: _action_detail(request.user, selectors.action_for(request.user, community, pk)),
    )


@router.post(
    "/communities/{slug}/needs",
    response={200: ActionDetailOut, 201: ActionDetailOut},
    summary="I need help: ask neighbours for help with one thing",
)
def action_need_help(request, slug: str, payload: NeedHelpIn):
    community = community_for(request.user, slug)
    _members_only(request.user, community, _("Only members of %(community)s can start actions there."))
    data = {
        "what": payload.what,
        "details": payload.details,
        "day": payload.day,
        "day_part": payload.day_part,
        "effort_minutes": str(payload.effort_minutes),
        "kind": payload.kind,
        "for_name": payload.for_name,
    }
    form = _valid(NeedHelpForm(data))
    return create_once(
        request,
        payload.once,
        lambda: services.action_need_help(member=request.user, community=community, **form.service_arguments()),
        lambda pk: _action_detail(request.user, selectors.action_for(request.user, community, pk)),
    )


@router.get(
    "/communities/{slug}/actions/{action_id}",
    response=ActionDetailOut,
    auth=ANYONE,
    summary="One action: its stage, who it is for, who takes part and its tasks",
)
def action_detail(request, slug: str, action_id: int):
    _community, action = selectors.community_and_action_for(request.user, slug, action_id)
    return _action_detail(request.user, action)


@router.post(
    "/communities/{slug}/actions/{action_id}/stage",
    response=ActionDetailOut,
    summary="Move an action one stage on, or one back with a reason (anyone taking part may)",
)
def action_move_stage(request, slug: str, action_id: int, payload: StageMoveIn):
    community = community_for(request.user, slug)
    action = selectors.action_for(request.user, community, action_id)
    data = {"to_stage": payload.stage.value, "from_stage": payload.from_stage.value, "reason": payload.reason}
    form = _valid(StageMoveForm(data), {"to_stage": "stage"})
    services.action_move_stage(mover=request.user, action=action, **form.cleaned_data)
    return _action_detail(request.user, selectors.action_for(request.user, community, action.pk))


# --- Tasks ---------------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/tasks",
    response=TaskPage,
    auth=ANYONE,
    summary="The community's open tasks you may see: a place free, not past, newest first",
)
def tasks_list(request, slug: str, q: Query[ListQuery]):
    community = community_for(request.user, slug)
    now = timezone.now()
    page = _open_task_list.page(
        cursor=q.cursor,
        limit=q.limit,
        community_id=community.pk,
        now=now,
        viewer_id=request.user.pk,
        public_only=not viewer_is_member(request.user, community),
    )
    page["items"] = [_task_fields(task, now) for task in page["items"]]  # validated once, as the answer
    return page


def _open_tasks_listed(*, community_id: int, now: datetime, viewer_id: int | None, public_only: bool) -> TaskQuerySet:
    # The open work of the community (as 'For you' and the community page read it), of the actions
    # this caller may read: `action_for`'s rule, with the membership the door asked already; a
    # rota's task still reserved for a team only for that team's members, as there.
    tasks = open_tasks(community_id, now=now).filter(not_reserved_for_others(now, viewer_id))
    if public_only:
        tasks = tasks.filter(action__visibility=ActionVisibility.PUBLIC)
    return _listed_tasks(viewer_id, tasks)


# The API's busiest list: compiled once per shape, as building it cost more than running it.
_open_task_list = CompiledCursorList(_open_tasks_listed, model=Task, order=ORDER)


@router.get(
    "/tasks/for-you",
    response=ForYouOut,
    summary="Tasks you could take on in your communities, best fitting first",
)
def tasks_for_you(request, q: Query[ForYouQuery]):
    member = request.user
    filters = ranking.ForYouFilters(category=q.category, when=q.when, length=q.length)
    # `open_work` needs each community's work version; membership is known (they are the member's).
    communities = list(my_communities(member).only("id", "slug", "visibility", "work_version")[:FOR_YOU_COMMUNITIES])
    found: list[tuple[str, Task, list[str]]] = []
    for community in communities:
        community.viewer_is_member = True  # type: ignore[attr-defined]
        tasks = list(ranking.tasks_for_you(member, community, filters=filters, page=1))
        cards = task_cards(tasks, community.slug, with_reasons=True, with_claim=False)
        found.extend((community.slug, card.task, [reason.text for reason in card.reasons]) for card in cards)

    def best_first(entry: tuple[str, Task, list[str]]) -> tuple:
        task = entry[1]
        due = task.starts_at or task.deadline
        return (
            -getattr(task, "my_team", 0),
            -getattr(task, "skills_matched", 0),
            -getattr(task, "nearness", 0),
            -getattr(task, "week_fit", 0),
            getattr(task, "urgency", 0),
            -getattr(task, "needs_one_more", 0),
            due is None,
            due.timestamp() if due else 0.0,
            task.pk,
        )

    found.sort(key=best_first)
    return ForYouOut(
        items=[
            ForYouTaskOut(
                id=task.pk,
                community=slug,
                action_id=task.action_id,
                action_title=task.action.title,
                title=task.title,
                effort_minutes=task.effort_minutes,
                slots=task.slots,
                taken=task.taken,
                starts_at=task.starts_at,
                ends_at=task.ends_at,
                deadline=task.deadline,
                place=task.place or task.action.place,
                reasons=reasons,
                matching_skills=[skill.slug for skill in getattr(task, "matching_skills", [])],
            )
            for slug, task, reasons in found[: q.limit]
        ]
    )


@router.get(
    "/communities/{slug}/tasks/{task_id}",
    response=TaskDetailOut,
    auth=ANYONE,
    summary="One task, with who took it on",
)
def task_detail(request, slug: str, task_id: int):
    community = community_for(request.user, slug)
    return _task_detail(request.user, selectors.task_for(request.user, community, task_id))


@router.post(
    "/communities/{slug}/actions/{action_id}/tasks",
    response={200: TaskDetailOut, 201: TaskDetailOut},
    summary="Add a small task to an action",
)
def task_create(request, slug: str, action_id: int, payload: TaskIn):
    community = community_for(request.user, slug)
    action = selectors.action_for(request.user, community, action_id)
    _members_only(request.user, community, _("Only members of %(community)s can add tasks."))
    form = TaskForm(_task_form_data(payload))
    skills = form.fields["skills"]
    assert isinstance(skills, ModelMultipleChoiceField)  # noqa: S101 (for the type checker)
    skills.to_field_name = "slug"  # the API names skills as /me does, by slug; the page by id
    _valid(form)
    return create_once(
        request,
        payload.once,
        lambda: services.task_create(creator=request.user, action=action, **form.service_arguments()),
        lambda pk: _task_detail(request.user, selectors.task_for(request.user, community, pk)),
    )


@router.post(
    "/communities/{slug}/tasks/{task_id}/split",
    response={201: SplitOut},
    summary="Split a task into smaller equal tasks, in one step",
)
def task_split(request, slug: str, task_id: int, payload: SplitIn):
    community = community_for(request.user, slug)
    task = selectors.task_for(request.user, community, task_id)
    _members_only(request.user, community, _("Only members of %(community)s can change tasks."))
    parts = services.task_split(
        member=request.user, task=task, parts=payload.parts, seen_effort_minutes=payload.seen_effort_minutes
    )
    now = timezone.now()
    order = {part.pk: index for index, part in enumerate(parts)}
    read = sorted(_listed_tasks(request.user.pk, Task.objects.filter(pk__in=order)), key=lambda part: order[part.pk])
    return Status(201, SplitOut(parts=[TaskOut(**_task_fields(part, now)) for part in read]))


@router.post(
    "/communities/{slug}/tasks/{task_id}/claim",
    response={201: ClaimOut},
    summary="Take on a task: one of its places is yours (409 `task_full` when they are all taken)",
)
def task_claim(request, slug: str, task_id: int):
    community = community_for(request.user, slug)
    task = selectors.task_for(request.user, community, task_id)
    claim = services.task_claim(member=request.user, task=task)
    return Status(201, _claim_out(request.user, claim))


# --- Claims --------------------------------------------------------------------------------------


@router.post(
    "/communities/{slug}/claims/{claim_id}/withdraw",
    response=ClaimOut,
    summary="Give a task you took on back, so someone else can take it",
)
def claim_withdraw(request, slug: str, claim_id: int):
    community = community_for(request.user, slug)
    claim = selectors.claim_for(request.user, community, claim_id)
    withdrawn = services.claim_withdraw(member=request.user, claim=claim)
    return _claim_out(request.user, withdrawn)


@router.post(
    "/communities/{slug}/claims/{claim_id}/done",
    response=ClaimDoneOut,
    summary="Mark a task you took on as done: your help is recorded",
)
def claim_done(request, slug: str, claim_id: int, payload: ClaimDoneIn):
    community = community_for(request.user, slug)
    claim = selectors.claim_for(request.user, community, claim_id)
    # As the page: the minutes are the task's estimate unless you say otherwise.
    minutes = payload.actual_minutes if payload.actual_minutes is not None else claim.task.effort_minutes
    data = {"actual_minutes": minutes, "category": payload.category.value, "note": payload.note}
    form = _valid(ClaimDoneForm(data))
    contribution = services.claim_mark_done(member=request.user, claim=claim, **form.cleaned_data)
    claim.refresh_from_db()
    return _claim_out(request.user, claim, ClaimDoneOut, contribution_id=contribution.pk)

"""Thin adapters for actions, tasks and claims: access door, one service call, render or redirect.

Every view starts with `community_for` and then the action's, task's or claim's own door, before
anything else (before even asking a visitor to log in), so that everything inside a private
community answers 404 to everyone outside it. Writes are POST-redirect-GET with a message, so
every button works without JavaScript.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions import selectors, services
from talkoot.actions.cards import task_facts
from talkoot.actions.forms import (
    ActionForm,
    AssessmentForm,
    ClaimDoneForm,
    NeedHelpForm,
    SplitForm,
    StageMoveForm,
    TaskForm,
)
from talkoot.actions.guidance import next_steps
from talkoot.actions.models import STAGE_ORDER, Stage
from talkoot.communities.access import is_member
from talkoot.communities.selectors import community_for
from talkoot.contributions.cards import CardMaker
from talkoot.contributions.selectors import contributions_for_action
from talkoot.contributions.services import assessment_submit
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error
from talkoot.core.http import login_first
from talkoot.core.links import IdUrl
from talkoot.core.once import submit_once
from talkoot.core.views import safe_next
from talkoot.gatherings.selectors import gathering_of, next_times

CONTRIBUTIONS_SHOWN = 12


def _action_url(action, anchor: str = "") -> str:
    url = reverse("actions:detail", args=[action.community.slug, action.pk])
    return f"{url}#{anchor}" if anchor else url


def _community_url(community) -> str:
    return reverse("communities:detail", args=[community.slug])


def members_only(request, community, back_url: str, *, refusal: str = "", elsewhere: str = ""):
    """None for a member; the login page for a visitor; for anyone else `refusal` as a message
    and a redirect to `elsewhere` (by default: join the community, on its page)."""
    if not request.user.is_authenticated:
        return login_first(request, back_url)
    if not is_member(request.user, community):
        default = _("Join %(community)s to start actions there.") % {"community": community.name}
        messages.info(request, refusal or default)
        return redirect(elsewhere or _community_url(community))
    return None


def _done(request, success: str, back: str):
    messages.success(request, success)
    return redirect(safe_next(request, back))


def _failed(request, error: ApplicationError, back: str):
    messages.error(request, error.message)
    return redirect(safe_next(request, back))


def _act(request, back: str, call: Callable[[], Any], success: Callable[[Any], str]):
    """A one-button write: visitors log in first; the service's refusal or `success(result)`
    becomes a message on the page the person came from."""
    if not request.user.is_authenticated:
        return login_first(request, back)
    try:
        result = call()
    except ApplicationError as error:
        return _failed(request, error, back)
    return _done(request, success(result), back)


# --- Actions -------------------------------------------------------------------------------------


@require_safe
def action_detail(request, slug, action_id: int):
    community, action = selectors.community_and_action_for(request.user, slug, action_id)
    if action.hidden_at is not None:  # nothing of it is shown while the stewards decide
        return render(request, "actions/hidden.html", {"community": community, "action": action})
    page = selectors.action_page(request.user, action)
    _present_tasks(community.slug, page.tasks)
    contributions = contributions_for_action(action, request.user, limit=CONTRIBUTIONS_SHOWN)
    context = {
        "community": community,
        "action": action,
        "page": page,
        "stages": STAGE_ORDER,
        "stage_index": STAGE_ORDER.index(Stage(action.stage)),
        "contributions": CardMaker(request.user, community.slug, request.get_full_path()).all(
            contributions[:CONTRIBUTIONS_SHOWN]
        ),
        "older_contributions": len(contributions) > CONTRIBUTIONS_SHOWN,
        "next_steps": next_steps(page, request.user),
    }
    if gathering := gathering_of(action):  # a gathering: its coming times, at the top of its page
        context |= {"gathering": gathering, "gathering_times": next_times(gathering, request.user)}
    return render(request, "actions/detail.html", context)


def _present_tasks(slug: str, rows: list[selectors.TaskRow]) -> None:
    """Each task row's links, by URL name, and its facts. Each URL is reversed once for the page,
    not once a row: a weekly visit piles up dozens of rows with three or four links each."""
    by_task = {name: IdUrl(f"actions:{name}", slug) for name in ("task_split", "task_claim", "task_cancel")}
    by_claim = {
        name: IdUrl(f"actions:{name}", slug) for name in ("claim_done", "claim_did_not_happen", "claim_withdraw")
    }
    series_edit = IdUrl("actions:series_edit", slug)
    for row in rows:
        row.facts = task_facts(row.task)
        row.links = {name: url(row.task.pk) for name, url in by_task.items()}
        if row.my_claim_id is not None:
            row.links.update({name: url(row.my_claim_id) for name, url in by_claim.items()})
        if row.task.series_id is not None:
            row.links["series_edit"] = series_edit(row.task.series_id)


@require_http_methods(["GET", "POST"])
def action_start(request, slug):
    community = community_for(request.user, slug)
    back = reverse("actions:start", args=[slug])
    if refusal := members_only(request, community, back):
        return refusal
    members = selectors.community_members_for_choice(community)
    form = ActionForm(request.POST if request.method == "POST" else None, members_queryset=members)
    if form.is_bound and form.is_valid():

        def start() -> str:
            action = services.action_start(
                starter=request.user, community=community, **form.service_arguments(request.user)
            )
            messages.success(request, _("Your action is started. Next, split the work into small tasks."))
            return _action_url(action)

        if url := submit_once(request, form, start, fallback=_community_url(community)):
            return redirect(url)
    return render(request, "actions/action_form.html", {"community": community, "form": form})


@require_http_methods(["GET", "POST"])
def need_help(request, slug):
    community = community_for(request.user, slug)
    if refusal := members_only(request, community, reverse("actions:need_help", args=[slug])):
        return refusal
    form = NeedHelpForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():

        def ask() -> str:
            action = services.action_need_help(member=request.user, community=community, **form.service_arguments())
            messages.success(request, _("Your request is posted. Neighbours who can help will see it."))
            return _action_url(action)

        if url := submit_once(request, form, ask, fallback=_community_url(community)):
            return redirect(url)
    return render(request, "actions/need_help.html", {"community": community, "form": form})


@require_POST
def move_stage(request, slug, action_id: int):
    community = community_for(request.user, slug)
    action = selectors.action_for(request.user, community, action_id)
    back = _action_url(action, "stage")
    if not request.user.is_authenticated:
        return login_first(request, back)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        return _failed(request, ApplicationError(_("Please choose one of the options.")), back)
    try:
        action = services.action_move_stage(mover=request.user, action=action, **form.cleaned_data)
    except ApplicationError as error:
        return _failed(request, error, back)
    return _done(request, _("The action is now in the stage: %(stage)s.") % {"stage": Stage(action.stage).label}, back)


@require_http_methods(["GET", "POST"])
def assess(request, slug, action_id: int):
    community = community_for(request.user, slug)
    action = selectors.action_for(request.user, community, action_id)
    back = _action_url(action, "assessments")
    if not request.user.is_authenticated:
        return login_first(request, back)
    on_behalf_of = None
    if behalf_id := request.GET.get("for") or request.POST.get("for"):
        on_behalf_of = selectors.action_beneficiary_for(action, behalf_id)
    existing = selectors.assessment_of(action, request.user, on_behalf_of)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
    else:
        initial = (
            {f: getattr(existing, f) for f in ("value_in_use", "difference", "change_next_time")} if existing else None
        )
        form = AssessmentForm(initial=initial)
    if form.is_bound and form.is_valid():
        try:
            assessment_submit(assessor=request.user, action=action, on_behalf_of=on_behalf_of, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return _done(request, _("Thank you. Your answer helps the next action go better."), back)
    context = {"community": community, "action": action, "form": form, "on_behalf_of": on_behalf_of}
    return render(request, "actions/assess.html", context)


# --- Tasks ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def task_create(request, slug, action_id: int):
    community = community_for(request.user, slug)
    action = selectors.action_for(request.user, community, action_id)
    if refusal := members_only(request, community, reverse("actions:task_create", args=[slug, action.pk])):
        return refusal
    form = TaskForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():

        def add() -> str:
            task = services.task_create(creator=request.user, action=action, **form.service_arguments())
            messages.success(request, _("The task is added."))
            return _action_url(action, f"task-{task.pk}")

        if url := submit_once(request, form, add, fallback=_action_url(action)):
            return redirect(url)
    return render(request, "actions/task_form.html", {"community": community, "action": action, "form": form})


@require_http_methods(["GET", "POST"])
def task_split(request, slug, task_id: int):
    community = community_for(request.user, slug)
    task = selectors.task_for(request.user, community, task_id)
    back = _action_url(task.action, f"task-{task.pk}")
    if refusal := members_only(request, community, back):
        return refusal
    form = SplitForm(
        request.POST if request.method == "POST" else None, initial={"seen_effort_minutes": task.effort_minutes}
    )
    if form.is_bound and form.is_valid():
        try:
            parts = services.task_split(member=request.user, task=task, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return _done(request, _("The task is now %(count)d smaller tasks.") % {"count": len(parts)}, back)
    context = {"community": community, "action": task.action, "task": task, "form": form}
    return render(request, "actions/task_split.html", context)


@require_POST
def task_cancel(request, slug, task_id: int):
    community = community_for(request.user, slug)
    task = selectors.task_for(request.user, community, task_id)
    return _act(
        request,
        _action_url(task.action, f"task-{task.pk}"),
        lambda: services.task_cancel(member=request.user, task=task),
        lambda _task: _("The task is cancelled."),
    )


@require_POST
def task_claim(request, slug, task_id: int):
    community = community_for(request.user, slug)
    task = selectors.task_for(request.user, community, task_id)
    return _act(
        request,
        _action_url(task.action, f"task-{task.pk}"),
        lambda: services.task_claim(member=request.user, task=task),
        lambda _claim: _("Thank you! You took on “%(task)s”.") % {"task": task.title},
    )


# --- Claims --------------------------------------------------------------------------------------


@require_POST
def claim_withdraw(request, slug, claim_id: int):
    community = community_for(request.user, slug)
    claim = selectors.claim_for(request.user, community, claim_id)
    return _act(
        request,
        _action_url(claim.task.action, f"task-{claim.task_id}"),
        lambda: services.claim_withdraw(member=request.user, claim=claim),
        lambda withdrawn: (
            _("You gave the task back. It starts soon, so it is marked as a late change; no harm done.")
            if withdrawn.late
            else _("You gave the task back. Someone else can take it now.")
        ),
    )


@require_http_methods(["GET", "POST"])
def claim_done(request, slug, claim_id: int):
    community = community_for(request.user, slug)
    claim = selectors.claim_for(request.user, community, claim_id)
    back = _action_url(claim.task.action, f"task-{claim.task_id}")
    form = ClaimDoneForm(
        request.POST if request.method == "POST" else None, initial={"actual_minutes": claim.task.effort_minutes}
    )
    if form.is_bound and form.is_valid():
        try:
            services.claim_mark_done(member=request.user, claim=claim, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return _done(request, _("Done — thank you! Your help is recorded."), back)
    context = {"community": community, "action": claim.task.action, "claim": claim, "form": form}
    return render(request, "actions/claim_done.html", context)


@require_POST
def claim_did_not_happen(request, slug, claim_id: int):
    community = community_for(request.user, slug)
    claim = selectors.claim_for(request.user, community, claim_id)
    return _act(
        request,
        _action_url(claim.task.action, f"task-{claim.task_id}"),
        lambda: services.claim_did_not_happen(member=request.user, claim=claim),
        lambda _claim: _("Noted: it did not happen. That is all right."),
    )

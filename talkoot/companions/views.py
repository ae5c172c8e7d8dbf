"""Companions: the links between two members, and the pages where a companion acts for someone.

Everything here is for members of the community only (404 for anyone else, as proposals).
Acts on someone's behalf go through the same services as one's own, with `by_companion`.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions import ranking
from talkoot.actions.cards import task_cards
from talkoot.actions.forms import AssessmentForm, NeedHelpForm
from talkoot.actions.selectors import action_for, assessment_of, task_for
from talkoot.actions.services import action_need_help, claim_withdraw, task_claim
from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import ViewerState, community_for, community_member_for
from talkoot.companions import selectors, services
from talkoot.contributions.selectors import contribution_for
from talkoot.contributions.services import assessment_submit, thanks_give
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error
from talkoot.core.once import submit_once

# The best fitting few: the companion reads them out to the member, who chooses.
TASKS_SHOWN = 6
MEMBER_VIEW = ViewerState(is_member=True, pending_application=None, member_count=0, pending_count=0)


def _community_of_member(request, slug):
    community = community_for(request.user, slug)
    if not (request.user.is_authenticated and viewer_is_member(request.user, community)):
        raise Http404
    return community


def _acting_url(community, person) -> str:
    return reverse("companions:acting", args=[community.slug, person.pk])


def _outcome(request, act, success: str, back: str):
    """Run `act`; say `success` or the rule it broke; back to `back` (POST-redirect-GET)."""
    try:
        act()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(back)


@require_safe
def companions(request, slug):
    community = _community_of_member(request, slug)
    links = selectors.companions_of(request.user, community)
    return render(request, "companions/list.html", {"community": community, "links": links, "viewer": MEMBER_VIEW})


@require_POST
def ask(request, slug, member_id: int):
    """From a member's page: ask them to be my companion, or offer to be theirs."""
    community = _community_of_member(request, slug)
    person = community_member_for(community, member_id)
    back = reverse("contributions:story", args=[community.slug, person.pk])
    offer = request.POST.get("role") == "offer"
    member, companion = (person, request.user) if offer else (request.user, person)
    sent = (
        _("You offered to be the companion of %(name)s. It starts when they agree.")
        if offer
        else _("You asked %(name)s to be your companion. It starts when they agree.")
    )
    return _outcome(
        request,
        lambda: services.companion_ask(asked_by=request.user, member=member, companion=companion, community=community),
        sent % {"name": person},
        back,
    )


@require_POST
def agree(request, slug, companionship_id: int):
    community = _community_of_member(request, slug)
    link = selectors.companionship_for(request.user, community, companionship_id)
    return _outcome(
        request,
        lambda: services.companion_agree(agreer=request.user, companionship=link),
        _("Agreed. %(companion)s can now act for %(member)s, and every act shows both names.")
        % {"companion": link.companion, "member": link.member},
        reverse("companions:list", args=[community.slug]),
    )


@require_POST
def end(request, slug, companionship_id: int):
    community = _community_of_member(request, slug)
    link = selectors.companionship_for(request.user, community, companionship_id)
    said = _("It has ended.") if link.agreed_at else _("The request is withdrawn.")
    return _outcome(
        request,
        lambda: services.companion_end(ender=request.user, companionship=link),
        said,
        reverse("companions:list", args=[community.slug]),
    )


# --- Acting for someone --------------------------------------------------------------------------


@require_safe
def acting(request, slug, member_id: int):
    community = _community_of_member(request, slug)
    person = selectors.accompanied_for(request.user, community, member_id)
    tasks = ranking.tasks_for_you(person, community, page=1)[:TASKS_SHOWN]
    context = {
        "community": community,
        "viewer": MEMBER_VIEW,
        "person": person,
        "acting": selectors.acting_for(person, community),
        "cards": task_cards(tasks, community.slug, with_reasons=False, with_claim=True, for_person=person),
    }
    return render(request, "companions/acting.html", context)


@require_http_methods(["GET", "POST"])
def need_help(request, slug, member_id: int):
    community = _community_of_member(request, slug)
    person = selectors.accompanied_for(request.user, community, member_id)
    form = NeedHelpForm(request.POST if request.method == "POST" else None)
    del form.fields["for_name"]  # the request is the accompanied member's own
    if form.is_bound and form.is_valid():

        def ask_for_help() -> str:
            arguments = form.service_arguments()
            action = action_need_help(member=person, community=community, by_companion=request.user, **arguments)
            messages.success(request, _("The request of %(name)s is posted.") % {"name": person})
            return reverse("actions:detail", args=[community.slug, action.pk])

        if url := submit_once(request, form, ask_for_help, fallback=_acting_url(community, person)):
            return redirect(url)
    context = {"community": community, "person": person, "form": form}
    return render(request, "companions/need_help.html", context)


@require_POST
def claim(request, slug, member_id: int, task_id: int):
    community = _community_of_member(request, slug)
    person = selectors.accompanied_for(request.user, community, member_id)
    task = task_for(request.user, community, task_id)
    return _outcome(
        request,
        lambda: task_claim(member=person, task=task, by_companion=request.user),
        _("%(name)s took on “%(task)s”, by you.") % {"name": person, "task": task.title},
        _acting_url(community, person),
    )


@require_POST
def withdraw(request, slug, member_id: int, claim_id: int):
    community = _community_of_member(request, slug)
    person = selectors.accompanied_for(request.user, community, member_id)
    promise = selectors.active_claim_of(person, community, claim_id)
    return _outcome(
        request,
        lambda: claim_withdraw(member=person, claim=promise, by_companion=request.user),
        _("You gave “%(task)s” back for %(name)s.") % {"name": person, "task": promise.task.title},
        _acting_url(community, person),
    )


@require_POST
def thanks(request, slug, member_id: int, contribution_id: int):
    community = _community_of_member(request, slug)
    person = selectors.accompanied_for(request.user, community, member_id)
    contribution = contribution_for(request.user, community, contribution_id)
    message = request.POST.get("message", "")
    return _outcome(
        request,
        lambda: thanks_give(member=person, contribution=contribution, message=message, by_companion=request.user),
        _("%(name)s thanked %(contributor)s, by you.") % {"name": person, "contributor": contribution.contributor},
        _acting_url(community, person),
    )


@require_http_methods(["GET", "POST"])
def assess(request, slug, member_id: int, action_id: int):
    community = _community_of_member(request, slug)
    person = selectors.accompanied_for(request.user, community, member_id)
    action = action_for(request.user, community, action_id)
    existing = assessment_of(action, person, None)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
    else:
        fields = ("value_in_use", "difference", "change_next_time")
        form = AssessmentForm(initial={f: getattr(existing, f) for f in fields} if existing else None)
    if form.is_bound and form.is_valid():
        try:
            assessment_submit(assessor=person, action=action, by_companion=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The answer of %(name)s is recorded, by you.") % {"name": person})
            return redirect(_acting_url(community, person))
    context = {"community": community, "action": action, "person": person, "form": form}
    return render(request, "companions/assess.html", context)

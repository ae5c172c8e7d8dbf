"""Thin adapters for the ledger: the community's door, the contribution's door, one service call.

Every view starts with `community_for` (a private community answers 404 to everyone outside,
visitors included), then `contribution_for` (the same 404 for a contribution that is missing,
in another community, withdrawn or on an action the viewer may not read).
"""

from django.contrib import messages
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions.selectors import action_for
from talkoot.communities.selectors import ViewerState, community_for, trust_picture
from talkoot.companions.selectors import companions_of
from talkoot.contributions import selectors, services
from talkoot.contributions.cards import CardMaker
from talkoot.contributions.forms import ContributionEditForm, ContributionRecordForm, ThanksForm
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error
from talkoot.core.http import is_htmx, login_first
from talkoot.core.once import submit_once
from talkoot.core.views import safe_next


def _community_url(community) -> str:
    return reverse("communities:detail", args=[community.slug])


def _own_story_url(community, contribution) -> str:
    """Where the contributor goes after a change: their story, or the community page for someone
    who helped on a public action without being a member (and so has no story here)."""
    if contribution.contributor_has_story:
        return reverse("contributions:story", args=[community.slug, contribution.contributor_id])
    return _community_url(community)


@require_http_methods(["GET", "POST"])
def record(request, slug):
    community = community_for(request.user, slug)
    if not request.user.is_authenticated:
        return login_first(request, _community_url(community))
    action = action_for(request.user, community, request.GET["action"]) if request.GET.get("action") else None
    back = reverse("actions:detail", args=[community.slug, action.pk]) if action else _community_url(community)
    if not selectors.may_record(request.user, community, action):
        messages.error(request, _("Only members of %(community)s can record help there.") % {"community": community})
        return redirect(back)
    choices = selectors.beneficiary_choices(community, exclude=request.user)
    if request.method == "GET":
        initial = {"beneficiaries": selectors.action_beneficiary_members(action)} if action else {}
        form = ContributionRecordForm(initial=initial, beneficiary_choices=choices)
    else:
        form = ContributionRecordForm(request.POST, beneficiary_choices=choices)
        if form.is_valid():

            def record_help() -> str:
                services.contribution_record(
                    contributor=request.user, community=community, action=action, **form.service_kwargs()
                )
                messages.success(request, _("Thank you. Your help is recorded."))
                return safe_next(request, back)

            if url := submit_once(request, form, record_help, fallback=back):
                return redirect(url)
    context = {"community": community, "action": action, "form": form, "back_url": back}
    return render(request, "contributions/record.html", context)


def _open_for_change(request, slug, contribution_id):
    """(community, contribution, back) for the contributor within the 7 days, else the answer to give:
    404 through the doors, the login page for a visitor, or back with the reason."""
    community = community_for(request.user, slug)
    if not request.user.is_authenticated:
        return login_first(request, _community_url(community))
    contribution = selectors.contribution_for(request.user, community, contribution_id)
    back = safe_next(request, _own_story_url(community, contribution))
    if refusal := _refuse_change(request, contribution, back):
        return refusal
    return community, contribution, back


@require_http_methods(["GET", "POST"])
def edit(request, slug, contribution_id: int):
    opened = _open_for_change(request, slug, contribution_id)
    if isinstance(opened, HttpResponseBase):
        return opened
    community, contribution, back = opened
    if request.method == "GET":
        form = ContributionEditForm(initial=ContributionEditForm.initial_for(contribution))
    else:
        form = ContributionEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.contribution_edit(
                    editor=request.user,
                    contribution=contribution,
                    minutes=data["minutes"],
                    category=data["category"],
                    note=data["note"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(back)
    card = CardMaker(request.user, community.slug, back, with_changes=False)(contribution)
    context = {"community": community, "contribution": contribution, "card": card, "form": form, "back_url": back}
    return render(request, "contributions/edit.html", context)


@require_http_methods(["GET", "POST"])
def withdraw(request, slug, contribution_id: int):
    opened = _open_for_change(request, slug, contribution_id)
    if isinstance(opened, HttpResponseBase):
        return opened
    community, contribution, back = opened
    if request.method == "GET":
        card = CardMaker(request.user, community.slug, back, with_changes=False)(contribution)
        context = {"community": community, "contribution": contribution, "card": card, "back_url": back}
        return render(request, "contributions/withdraw.html", context)
    try:
        services.contribution_withdraw(editor=request.user, contribution=contribution)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The record is withdrawn. The community's history keeps a note of it."))
    return redirect(back)


def _refuse_change(request, contribution, back: str):
    """A redirect with the reason when the viewer may not change this record now, else None."""
    try:
        services.contribution_check_editable(contribution=contribution, editor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    return None


@require_POST
def thanks(request, slug, contribution_id: int):
    community = community_for(request.user, slug)
    back = safe_next(request, _community_url(community))
    if not request.user.is_authenticated:
        return login_first(request, back)
    contribution = selectors.contribution_for(request.user, community, contribution_id)
    form = ThanksForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(" ".join(str(error) for errors in form.errors.values() for error in errors))
        services.thanks_give(member=request.user, contribution=contribution, message=form.cleaned_data["message"])
    except ApplicationError as error:
        outcome, failed = error.message, True
    else:
        outcome, failed = _("Thank you! %(name)s will see your thanks.") % {"name": contribution.contributor}, False
    if is_htmx(request):
        contribution = selectors.contribution_for(request.user, community, contribution_id)
        context = {
            "community": community,
            "card": CardMaker(request.user, community.slug, back)(contribution),
            "status_message": outcome,
            "status_error": failed,
        }
        return render(request, "contributions/includes/contribution.html", context)
    (messages.error if failed else messages.success)(request, outcome)
    return redirect(back)


@require_safe
def story(request, slug, member_id: int):
    community = community_for(request.user, slug)
    # Names and what people gave are for signed-in people; in a private community only its
    # members get this far (community_for).
    if not request.user.is_authenticated:
        return login_first(request, _community_url(community))
    person = selectors.story_person_for(community, member_id, request.user)
    story = selectors.member_story(
        person,
        community,
        request.user,
        given_page=request.GET.get("page", 1),
        received_page=request.GET.get("received_page", 1),
    )
    cards = CardMaker(request.user, community.slug, request.get_full_path())
    # Trust inside the community is for its members to see (and only current members have it).
    fellow = person.viewer_is_member and person.is_member_now  # type: ignore[attr-defined]
    trust = trust_picture(person, community, request.user) if fellow else None
    companions = companions_of(request.user, community, person=person) if fellow and person != request.user else None
    context = {
        # What the community's nav needs of the viewer, known from the person's query already.
        "viewer": ViewerState(
            is_member=bool(person.viewer_is_member),  # type: ignore[attr-defined]
            pending_application=None,
            member_count=0,
            pending_count=0,
        ),
        "trust": trust,
        "companions": companions,
        "community": community,
        "story": story,
        "given_cards": cards.all(story.given),
        "received_cards": cards.all(story.received),
    }
    return render(request, "contributions/story.html", context)

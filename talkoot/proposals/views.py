"""Consent proposals: thin adapters over selectors and services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions.selectors import community_members_for_choice
from talkoot.communities.selectors import community_for
from talkoot.core.errors import ApplicationError
from talkoot.core.once import submit_once
from talkoot.proposals import selectors, services
from talkoot.proposals.forms import AmendForm, ProposalForm, ResponseForm
from talkoot.proposals.models import ProposalStatus


def _detail_url(community, proposal) -> str:
    return reverse("proposals:detail", args=[community.slug, proposal.pk])


@require_safe
def proposal_list(request, slug):
    community = community_for(request.user, slug)
    lists = selectors.proposals_of(request.user, community)
    return render(request, "proposals/list.html", {"community": community, "lists": lists})


@require_http_methods(["GET", "POST"])
def proposal_new(request, slug):
    community = community_for(request.user, slug)
    selectors.proposals_of(request.user, community)  # members only, as the list
    members = [m for m in community_members_for_choice(community) if m.pk != request.user.pk]
    form = ProposalForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():

        def propose() -> str:
            proposal = services.proposal_create(
                author=request.user,
                community=community,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                change=form.change(),
                window_hours=form.cleaned_data["window_hours"],
            )
            messages.success(request, _("Your proposal is open. Members can respond until it closes."))
            return _detail_url(community, proposal)

        if url := submit_once(request, form, propose, fallback=reverse("proposals:list", args=[community.slug])):
            return redirect(url)
    return render(request, "proposals/new.html", {"community": community, "form": form})


@require_safe
def proposal_detail(request, slug, proposal_id: int):
    community = community_for(request.user, slug)
    proposal = selectors.proposal_for(request.user, community, proposal_id)
    responses = list(selectors.responses_to(proposal))
    mine = next((response for response in responses if response.member_id == request.user.pk), None)
    context = {
        "community": community,
        "proposal": proposal,
        "responses": responses,
        "tally": selectors.tally(responses),
        "is_open": proposal.status == ProposalStatus.OPEN,
        "is_author": proposal.author_id == request.user.pk,
        "response_form": ResponseForm(initial={"kind": mine.kind, "reason": mine.reason} if mine else None),
        "amend_form": AmendForm(initial={"text": proposal.text}),
        "mine": mine,
        "removed": selectors.member_to_remove(proposal),
    }
    return render(request, "proposals/detail.html", context)


def _act(request, slug, proposal_id, act, success: str):
    community = community_for(request.user, slug)
    proposal = selectors.proposal_for(request.user, community, proposal_id)
    try:
        act(proposal)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_detail_url(community, proposal))


@require_POST
def proposal_respond(request, slug, proposal_id: int):
    form = ResponseForm(request.POST)

    def respond(proposal):
        if not form.is_valid():
            raise ApplicationError(_("Please choose your response."))
        services.proposal_respond(
            member=request.user, proposal=proposal, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"]
        )

    return _act(request, slug, proposal_id, respond, _("Your response is recorded. You can change it until the close."))


@require_POST
def proposal_amend(request, slug, proposal_id: int):
    form = AmendForm(request.POST)

    def amend(proposal):
        if not form.is_valid():
            raise ApplicationError(_("Please write the changed proposal."))
        services.proposal_amend(author=request.user, proposal=proposal, text=form.cleaned_data["text"])

    return _act(request, slug, proposal_id, amend, _("Your proposal is changed and open for a full time again."))


@require_POST
def proposal_withdraw(request, slug, proposal_id: int):
    return _act(
        request,
        slug,
        proposal_id,
        lambda proposal: services.proposal_withdraw(author=request.user, proposal=proposal),
        _("You withdrew your proposal."),
    )

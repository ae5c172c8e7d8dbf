"""Thin adapters: through the access door, one service call, render or redirect.

Every view inside a community starts with `selectors.community_for`, before anything else
(before even asking a visitor to log in), so that a private community answers 404 to
everyone outside it, the same as a community that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions.cards import link_actions, task_cards
from talkoot.actions.selectors import community_work
from talkoot.communities import selectors, services
from talkoot.communities.access import has_stewards, is_member, may_decide_applications, rules_change_by_consent
from talkoot.communities.forms import (
    ApplicationForm,
    CommunityEditForm,
    CommunityForm,
    DecisionForm,
    DirectorySearchForm,
    questions_version,
)
from talkoot.communities.models import JoinPolicy
from talkoot.contributions import selectors as contribution_selectors
from talkoot.contributions.cards import CardMaker
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error
from talkoot.core.http import is_htmx, login_first
from talkoot.history.selectors import KIND_GROUPS


def _detail_url(community) -> str:
    return reverse("communities:detail", args=[community.slug])


def _login_first(request, community):
    return login_first(request, _detail_url(community))


def _require_member(request, community):
    """None when the viewer is a member; a login redirect for a visitor; 403 for anyone else."""
    if not request.user.is_authenticated:
        return _login_first(request, community)
    if not is_member(request.user, community):
        raise PermissionDenied
    return None


def _rebound(form_class, data, field: str, value: str, **kwargs):
    """The same submitted form, with one hidden field brought up to date (after a stale save)."""
    data = data.copy()
    data[field] = value
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


# --- Home and directory --------------------------------------------------------------------------


@require_safe
def home(request):
    if not request.user.is_authenticated:
        return render(request, "communities/home.html", {})
    return render(request, "communities/home.html", {"feed": selectors.home_feed(request.user)})


@require_safe
def directory(request):
    form = DirectorySearchForm(request.GET, municipalities=selectors.directory_municipalities())
    query, municipality = form.search()
    page = selectors.communities_directory(query=query, municipality=municipality, page=request.GET.get("page", 1))
    htmx = is_htmx(request)
    context = {"form": form, "page": page, "searching": bool(query or municipality), "htmx": htmx}
    response = render(request, "communities/directory.html#results" if htmx else "communities/directory.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = CommunityForm(request.POST) if request.method == "POST" else CommunityForm()
    if form.is_bound and form.is_valid():
        try:
            community = services.community_create(creator=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request, _("%(community)s is ready, and you are its first member.") % {"community": community.name}
            )
            return redirect(_detail_url(community))
    return render(request, "communities/community_form.html", {"form": form})


# --- A community ---------------------------------------------------------------------------------


def _community_context(request, community, **extra) -> dict:
    return {"community": community, "viewer": selectors.viewer_state(request.user, community), **extra}


@require_safe
def detail(request, slug):
    community = selectors.community_for(request.user, slug)
    context = _community_context(request, community)
    work = community_work(community, request.user, viewer_is_member=context["viewer"].is_member)
    context["work"] = work
    context["open_task_cards"] = task_cards(work.open_tasks, community.slug, with_reasons=False, with_claim=False)
    link_actions([action for group in work.stages for action in group.latest], community.slug)
    if context["viewer"].is_member:
        # Who helped whom, with notes and thanks, is personal: for members only.
        recent = contribution_selectors.community_recent(community, request.user, viewer_is_member=True)
        context["recent_contributions"] = CardMaker(request.user, community.slug, request.get_full_path()).all(recent)
    return render(request, "communities/detail.html", context)


@require_http_methods(["GET", "POST"])
def edit(request, slug):
    community = selectors.community_for(request.user, slug)
    if refusal := _require_member(request, community):
        return refusal
    by_consent = rules_change_by_consent(community)
    initial = {**CommunityEditForm.initial_for(community), "seen_updated_at": community.updated_at.isoformat()}
    if request.method == "GET":
        form = CommunityEditForm(initial=initial, by_consent=by_consent)
    else:
        form = CommunityEditForm(request.POST, initial=initial, by_consent=by_consent)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.community_update(community=community, editor=request.user, **data)
            except ApplicationError as error:
                community.refresh_from_db()
                seen = community.updated_at.isoformat()
                form = _rebound(
                    CommunityEditForm, request.POST, "seen_updated_at", seen, initial=initial, by_consent=by_consent
                )
                add_application_error(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(_detail_url(community))
    return render(request, "communities/community_form.html", _community_context(request, community, form=form))


@require_safe
def members(request, slug):
    community = selectors.community_for(request.user, slug)
    # Public communities show their members to everyone signed in; names, places and skills
    # of elderly people are not for the open web.
    if not request.user.is_authenticated:
        return _login_first(request, community)
    page = selectors.community_members(community, page=request.GET.get("page", 1))
    return render(request, "communities/members.html", _community_context(request, community, page=page))


@require_safe
def history(request, slug):
    community = selectors.community_for(request.user, slug)
    kinds, member_id = request.GET.get("kind", ""), request.GET.get("member", "")
    page = selectors.history_page(community, page=request.GET.get("page", 1), kinds=kinds, member_id=member_id)
    context = _community_context(request, community, page=page, kind=kinds if kinds in KIND_GROUPS else "")
    context["member_shown"] = selectors.history_member(community, member_id)
    return render(request, "communities/history.html", context)


# --- Joining, applying, leaving ------------------------------------------------------------------


def _after_action(request, community, *, success: str | None = None, error: str | None = None):
    """htmx swaps the community's action area and announces the outcome; without JavaScript,
    the outcome becomes a message on the community page."""
    if is_htmx(request):
        community.refresh_from_db()
        context = _community_context(request, community, status_message=success or error, status_error=bool(error))
        return render(request, "communities/detail.html#actions", context)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect(_detail_url(community))


@require_POST
def join(request, slug):
    community = selectors.community_for(request.user, slug)
    if not request.user.is_authenticated:
        return _login_first(request, community)
    try:
        services.membership_join(member=request.user, community=community)
    except ApplicationError as error:
        return _after_action(request, community, error=error.message)
    return _after_action(
        request, community, success=_("Welcome! You are now a member of %(community)s.") % {"community": community.name}
    )


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    community = selectors.community_for(request.user, slug)
    if not request.user.is_authenticated:
        return _login_first(request, community)
    viewer = selectors.viewer_state(request.user, community)
    refusal = None
    if viewer.is_member:
        refusal = _("You are already a member of %(community)s.") % {"community": community.name}
    elif viewer.pending_application is not None:
        refusal = _("You have already applied to %(community)s. Your application is waiting for a decision.") % {
            "community": community.name
        }
    elif community.join_policy == JoinPolicy.OPEN:
        refusal = _("%(community)s is open to everyone: you can join it straight away.") % {"community": community.name}
    if refusal:
        messages.info(request, refusal)
        return redirect(_detail_url(community))

    form = ApplicationForm(request.POST if request.method == "POST" else None, community=community)
    if form.is_bound and form.is_valid():
        try:
            services.application_submit(applicant=request.user, community=community, answers=form.answers())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The members of %(community)s will read your application and decide.")
                % {"community": community.name},
            )
            return redirect(_detail_url(community))
    elif form.is_bound and form.stale:
        form = _rebound(
            ApplicationForm, request.POST, "questions_version", questions_version(form.questions), community=community
        )
        form.add_error(
            None, _("The questions changed while you were answering. Please read them again before you send.")
        )
    return render(request, "communities/apply.html", {"community": community, "form": form})


@require_POST
def withdraw(request, slug):
    community = selectors.community_for(request.user, slug)
    if not request.user.is_authenticated:
        return _login_first(request, community)
    try:
        services.application_withdraw(applicant=request.user, community=community)
    except ApplicationError as error:
        return _after_action(request, community, error=error.message)
    return _after_action(request, community, success=_("You withdrew your application."))


@require_http_methods(["GET", "POST"])
def leave(request, slug):
    community = selectors.community_for(request.user, slug)
    if not request.user.is_authenticated:
        return _login_first(request, community)
    if request.method == "GET":
        if not is_member(request.user, community):
            messages.info(request, _("You are not a member of %(community)s.") % {"community": community.name})
            return redirect(_detail_url(community))
        return render(request, "communities/leave.html", {"community": community})
    try:
        services.membership_leave(member=request.user, community=community)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_detail_url(community))
    messages.success(request, _("You have left %(community)s.") % {"community": community.name})
    # After leaving a private community there is nothing left there for you to see.
    return redirect("core:home" if community.is_private else _detail_url(community))


# --- Deciding on applications --------------------------------------------------------------------


@require_safe
def applications(request, slug):
    community = selectors.community_for(request.user, slug)
    if refusal := _require_member(request, community):
        return refusal
    page = selectors.pending_applications_page(community, page=request.GET.get("page", 1))
    context = _community_context(request, community, page=page)
    context["may_decide"] = may_decide_applications(request.user, community)
    context["has_stewards"] = has_stewards(community)
    return render(request, "communities/applications.html", context)


@require_POST
def decide(request, slug, application_id: int):
    community = selectors.community_for(request.user, slug)
    if refusal := _require_member(request, community):
        return refusal
    application = selectors.application_for(community, application_id)
    back = reverse("communities:applications", args=[community.slug])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else None
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect(back)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        application = services.application_decide(
            decider=request.user, application=application, accept=accept, message=form.cleaned_data["message"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    name = application.applicant.display_name
    if accept:
        messages.success(request, _("You accepted %(name)s. Welcome them!") % {"name": name})
    else:
        messages.success(request, _("You declined the application of %(name)s.") % {"name": name})
    return redirect(back)


# --- Trust ---------------------------------------------------------------------------------------


def _person_in(request, community, member_id):
    """A current member of the community, for another member to trust: else the same 404."""
    if not is_member(request.user, community):
        raise Http404
    person = selectors.community_member_for(community, member_id)
    return person, reverse("contributions:story", args=[community.slug, person.pk])


@require_POST
def trust_give(request, slug, member_id: int):
    community = selectors.community_for(request.user, slug)
    if not request.user.is_authenticated:
        return _login_first(request, community)
    person, back = _person_in(request, community, member_id)
    note = request.POST.get("note", "")
    try:
        services.trust_give(truster=request.user, trusted=person, community=community, note=note)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You trust %(name)s now. They can see it on their page.") % {"name": person})
    return redirect(back)


@require_POST
def trust_withdraw(request, slug, member_id: int):
    community = selectors.community_for(request.user, slug)
    if not request.user.is_authenticated:
        return _login_first(request, community)
    person, back = _person_in(request, community, member_id)
    try:
        services.trust_withdraw(truster=request.user, trusted=person, community=community)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You took back your trust in %(name)s.") % {"name": person})
    return redirect(back)

"""Rotating teams: the list, the new-rota form, the rota page and its buttons. Thin adapters.

Every view opens the community's door first (404 for a private community's outsider), sends a
visitor to log in, and then answers 404 to anyone who is not a member: a rota is the community's
own business. Writes are POST-redirect-GET with a message, so every button works without JavaScript.
"""

from datetime import date
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.communities.access import viewer_is_member
from talkoot.communities.selectors import community_for, viewer_state
from talkoot.core.dates import long_date
from talkoot.core.errors import ApplicationError
from talkoot.core.http import login_first
from talkoot.rotas import selectors, services
from talkoot.rotas.forms import RotaForm, SwapForm


def _community(request, slug):
    """The community for a member; the login page for a visitor (where the community may be seen)."""
    community = community_for(request.user, slug)
    if not request.user.is_authenticated:
        return community, login_first(request, reverse("communities:detail", args=[slug]))
    if not viewer_is_member(request.user, community):
        raise Http404
    return community, None


def _rota_url(rota) -> str:
    return reverse("rotas:detail", args=[rota.community.slug, rota.pk])


def _outcome(request, act, success: str, back: str):
    try:
        act()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(back)


def _opened(request, slug, rota_id):
    community, refusal = _community(request, slug)
    return refusal, selectors.rota_for(request.user, community, rota_id) if refusal is None else None


@require_safe
def rota_list(request, slug):
    community, refusal = _community(request, slug)
    if refusal:
        return refusal
    context = {
        "community": community,
        "viewer": viewer_state(request.user, community),
        "rotas": selectors.rotas_of(community),
    }
    return render(request, "rotas/list.html", context)


@require_http_methods(["GET", "POST"])
def rota_create(request, slug):
    community, refusal = _community(request, slug)
    if refusal:
        return refusal
    form = RotaForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            rota = services.rota_create(creator=request.user, community=community, **form.service_arguments())
        except ApplicationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The rota is ready. Join a team, and ask your neighbours to join one."))
            return redirect(_rota_url(rota))
    return render(request, "rotas/form.html", {"community": community, "form": form})


def _week_choices(page, *, own: bool) -> list[tuple[str, str]]:
    mine = page.my_team.pk if page.my_team else None
    return [
        (week.week.isoformat(), _("Week of %(week)s – %(team)s") % {"week": long_date(week.week), "team": week.team})
        for week in page.weeks
        if not week.begun and (week.team.pk == mine) == own
    ]


def _swap_form(page, data=None) -> SwapForm:
    return SwapForm(data, own_weeks=_week_choices(page, own=True), other_weeks=_week_choices(page, own=False))


@require_safe
def rota_detail(request, slug, rota_id: int):
    refusal, rota = _opened(request, slug, rota_id)
    if refusal:
        return refusal
    page = selectors.rota_page(request.user, rota)
    context = {"community": rota.community, "rota": rota, "page": page, "swap_form": _swap_form(page)}
    return render(request, "rotas/detail.html", context)


@require_POST
def team_join(request, slug, rota_id: int, team_id: int):
    refusal, rota = _opened(request, slug, rota_id)
    if refusal:
        return refusal
    team = selectors.team_for(rota, team_id)
    act = partial(services.team_join, member=request.user, team=team)
    return _outcome(request, act, _("Welcome to %(team)s.") % {"team": team.name}, _rota_url(rota))


@require_POST
def team_leave(request, slug, rota_id: int, team_id: int):
    refusal, rota = _opened(request, slug, rota_id)
    if refusal:
        return refusal
    team = selectors.team_for(rota, team_id)
    act = partial(services.team_leave, member=request.user, team=team)
    return _outcome(request, act, _("You left %(team)s.") % {"team": team.name}, _rota_url(rota))


@require_POST
def swap_propose(request, slug, rota_id: int):
    refusal, rota = _opened(request, slug, rota_id)
    if refusal:
        return refusal
    page = selectors.rota_page(request.user, rota)
    form = _swap_form(page, request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose your team's week and the week you would like instead."))
        return redirect(_rota_url(rota))
    week, other_week = (
        date.fromisoformat(form.cleaned_data["week"]),
        date.fromisoformat(form.cleaned_data["other_week"]),
    )
    other_team = next(row.team for row in page.weeks if row.week == other_week)
    act = partial(
        services.swap_propose, member=request.user, rota=rota, week=week, other_team=other_team, other_week=other_week
    )
    return _outcome(request, act, _("Your proposal is sent to %(team)s.") % {"team": other_team.name}, _rota_url(rota))


_SWAP_ANSWERS = {
    "accept": (services.swap_accept, gettext_lazy("You swapped the weeks. Thank you!")),
    "decline": (services.swap_decline, gettext_lazy("You declined the swap.")),
    "withdraw": (services.swap_withdraw, gettext_lazy("You withdrew the proposal.")),
}


@require_POST
def swap_answer(request, slug, rota_id: int, swap_id: int, answer: str):
    refusal, rota = _opened(request, slug, rota_id)
    if refusal:
        return refusal
    swap = selectors.swap_for(rota, swap_id)
    call, success = _SWAP_ANSWERS[answer]
    return _outcome(request, partial(call, member=request.user, swap=swap), str(success), _rota_url(rota))


@require_POST
def rota_stop(request, slug, rota_id: int):
    refusal, rota = _opened(request, slug, rota_id)
    if refusal:
        return refusal
    act = partial(services.rota_stop, member=request.user, rota=rota)
    return _outcome(request, act, _("The rota is stopped. Tasks somebody has taken on stay."), _rota_url(rota))

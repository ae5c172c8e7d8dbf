"""The kiosk: large-type screens for a TV or tablet, driven by arrow keys, Enter and Back.

A screen is known by its cookie alone (talkoot_kiosk), never by a login: these views read the
screen behind it, and nothing else of the site opens with it. A screen without a live token gets
a page to ask for a code; a revoked one a 404 with the same offer. The management pages at the
end are ordinary member pages.
"""

from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions.selectors import task_for
from talkoot.actions.services import NEED_KINDS, action_need_help, task_claim
from talkoot.contributions.models import Category
from talkoot.core import ratelimit
from talkoot.core.errors import ApplicationError
from talkoot.core.http import login_first
from talkoot.kiosk import selectors, services
from talkoot.kiosk.forms import PairForm
from talkoot.kiosk.models import KioskScreen
from talkoot.members.models import Member, TextSize

KIOSK_COOKIE = "talkoot_kiosk"
COOKIE_AGE = int(timedelta(days=365).total_seconds())
DAYS_OFFERED = 7
# What a need is called when it is asked for from a kiosk, by its kind of help.
NEED_TITLES = {
    Category.CARE: gettext_lazy("Help with care"),
    Category.COMPANY: gettext_lazy("Company for a while"),
    Category.TRANSPORT: gettext_lazy("A lift, or help getting somewhere"),
    Category.MEALS: gettext_lazy("Help with meals or shopping"),
    Category.HOUSEHOLD: gettext_lazy("Help at home"),
    Category.GARDEN: gettext_lazy("Help in the garden"),
    Category.TECH_HELP: gettext_lazy("Help with a phone or a computer"),
    Category.ORGANISING: gettext_lazy("Help with papers and errands"),
    "": gettext_lazy("Help with something else"),
}


def _secret(request) -> str:
    return request.COOKIES.get(KIOSK_COOKIE, "")


def _language_of(screen: KioskScreen) -> str:
    """The screen speaks its member's language (a common room: the site's)."""
    return (screen.member.language if screen.member else "") or settings.LANGUAGE_CODE


def personal_screen(view):
    """The view of a personal screen's page: the live screen behind the cookie, or 404 (for a
    common room's screen too), and the page in the screen's language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        screen = selectors.screen_for_secret(_secret(request))
        if screen is None or screen.member is None:
            raise Http404
        services.screen_seen(screen)
        with translation.override(_language_of(screen)):
            return view(request, screen, screen.member, *args, **kwargs)

    return wrapped


def _text_size_of(screen: KioskScreen | None) -> str:
    """A personal screen honours its member's text size; a common room keeps the kiosk's own."""
    return screen.member.text_size if screen is not None and screen.member is not None else TextSize.NORMAL


def _render(request, template: str, screen: KioskScreen | None, context: dict, *, status: int = 200):
    context = {"screen": screen, "now": timezone.localtime(), "text_size": _text_size_of(screen), **context}
    return render(request, template, context, status=status)


@never_cache
@require_safe
def home(request):
    screen = selectors.screen_for_secret(_secret(request))
    if screen is not None:
        services.screen_seen(screen)
        context = {
            "day": selectors.coming_up(screen),
            "open_help": selectors.open_help_count(screen) if screen.is_common_room else None,
            "thanks_count": selectors.recent_thanks_count(screen),
        }
        with translation.override(_language_of(screen)):
            return _render(request, "kiosk/home.html", screen, context)
    if pairing := selectors.pairing_for_secret(_secret(request)):
        code = f"{pairing.code[:3]} {pairing.code[3:]}"
        return _render(request, "kiosk/pairing.html", None, {"code": code, "pairing": pairing})
    # A revoked or unknown token finds nothing, as any page of a screen that no longer exists.
    status = 404 if _secret(request) else 200
    return _render(request, "kiosk/start.html", None, {"ended": bool(_secret(request))}, status=status)


@require_POST
def pairing_start(request):
    try:
        _pairing, secret = services.pairing_start(client_address=ratelimit.client_address(request))
    except ApplicationError as error:
        return _render(request, "kiosk/start.html", None, {"refusal": error.message}, status=error.status or 400)
    response = redirect("kiosk:home")
    response.set_cookie(
        KIOSK_COOKIE, secret, max_age=COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@personal_screen
def need_help(request, screen: KioskScreen, member: Member):
    """Three steps, each a page of big buttons: what kind of help, which day, then confirm."""
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind")
    kinds = [(value, NEED_TITLES[value]) for value in [*NEED_KINDS, ""]]
    if kind is None or kind not in NEED_TITLES:
        return _render(request, "kiosk/need_kind.html", screen, {"kinds": kinds})
    today = timezone.localdate()
    days = [today + timedelta(days=offset) for offset in range(DAYS_OFFERED)]
    try:
        day = days[int(data.get("day", ""))]
    except (ValueError, IndexError):
        return _render(request, "kiosk/need_day.html", screen, {"kind": kind, "title": NEED_TITLES[kind], "days": days})
    if request.method == "GET":
        context = {"kind": kind, "title": NEED_TITLES[kind], "day": day, "day_index": days.index(day)}
        return _render(request, "kiosk/need_confirm.html", screen, context)
    try:
        action_need_help(
            member=member,
            community=screen.community,
            what=str(NEED_TITLES[kind]),
            deadline=timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0))),  # any time that day
            kind=kind,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("kiosk:need_help")
    messages.success(request, _("Your request is sent. Someone from the community will take it on."))
    return redirect("kiosk:home")


@never_cache
@require_safe
@personal_screen
def offers(request, screen: KioskScreen, member: Member):
    return _render(request, "kiosk/offers.html", screen, {"tasks": selectors.help_offers(screen)})


@require_POST
@personal_screen
def offer_take(request, screen: KioskScreen, member: Member, task_id: int):
    task = task_for(member, screen.community, task_id)
    try:
        task_claim(member=member, task=task)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you! You took on “%(task)s”.") % {"task": task.title})
    return redirect("kiosk:offers")


@never_cache
@require_safe
@personal_screen
def thanks(request, screen: KioskScreen, member: Member):
    return _render(request, "kiosk/thanks.html", screen, {"thanks": selectors.thanks_received(screen)})


@never_cache
@require_safe
@personal_screen
def companion(request, screen: KioskScreen, member: Member):
    return _render(request, "kiosk/companion.html", screen, {"companions": selectors.my_companions(screen)})


# --- For members, on the ordinary site: pair and end screens ------------------------------------


@require_http_methods(["GET", "POST"])
def screens(request):
    if not request.user.is_authenticated:
        return login_first(request, reverse("kiosk:screens"))
    form = PairForm(request.POST if request.method == "POST" else None, member=request.user)
    if form.is_bound and form.is_valid():
        try:
            screen = services.screen_pair(member=request.user, **form.service_arguments())
        except ApplicationError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
        else:
            messages.success(
                request, _("“%(name)s” is paired. It shows its first page in a moment.") % {"name": screen.name}
            )
            return redirect("kiosk:screens")
    context = {"form": form, "screens": selectors.screens_to_manage(request.user)}
    return render(request, "kiosk/screens.html", context)


@require_POST
def screen_revoke(request, screen_id: int):
    if not request.user.is_authenticated:
        return login_first(request, reverse("kiosk:screens"))
    screen = next((s for s in selectors.screens_to_manage(request.user) if s.pk == screen_id), None)
    if screen is None:
        raise Http404
    services.screen_revoke(member=request.user, screen=screen)
    messages.success(request, _("“%(name)s” is ended. It shows nothing any more.") % {"name": screen.name})
    return redirect("kiosk:screens")

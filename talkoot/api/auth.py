"""Who is calling: a personal access token (Authorization: Bearer), else the browser's session.

A token's request runs in its member's language and time zone, as a page would; a read-only
token asking for a write gets 403; a token in the query string is refused outright (it would end up
in logs and browser histories). The session needs the CSRF header on unsafe methods; a token does
not (it is never sent by the browser on its own).
"""

import time
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from talkoot.api.problems import Problem
from talkoot.api.selectors import live_token_for_secret
from talkoot.api.services import SECRET_PREFIX, access_token_used
from talkoot.core import ratelimit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WINDOW_SECONDS = 60
QUERY_TOKEN_NAMES = frozenset({"token", "access_token", "api_key", "apikey", "key", "bearer", "auth"})


def refuse_token_in_query(request) -> None:
    named = QUERY_TOKEN_NAMES.intersection(name.lower() for name in request.GET)
    if named or any(value.startswith(SECRET_PREFIX) for value in request.GET.values()):
        raise Problem(
            400,
            _("Send the access token in the Authorization header (“Bearer …”), never in the address."),
            code="token_in_query",
        )


def _speak_as(member) -> None:
    if member.language:
        translation.activate(member.language)
    try:
        timezone.activate(zoneinfo.ZoneInfo(member.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tko_…`: a token that is unknown, expired or revoked is 401 at once,
    even with a session beside it."""

    def __call__(self, request):
        refuse_token_in_query(request)
        return super().__call__(request)

    def authenticate(self, request, token: str):
        found = live_token_for_secret(token)
        if found is None:
            raise AuthenticationError()
        if request.method not in SAFE_METHODS and not found.may_write:
            raise Problem(403, _("This access token may only read."), code="read_only_token")
        access_token_used(found)
        member = found.member
        request.user = member
        request.access_token = found
        _speak_as(member)
        return member


class MemberSession(SessionAuth):
    """The signed-in browser, with Django's CSRF check on unsafe methods."""

    def authenticate(self, request, key):
        member = request.user
        return member if member.is_authenticated else None


def visitor(request):
    """Last in the list of an endpoint open to everyone: no token and no session, a visitor."""
    return AnonymousUser()


MEMBER = [TokenAuth(), MemberSession()]
ANYONE = [TokenAuth(), MemberSession(), visitor]


class CallerThrottle(BaseThrottle):
    """Requests per minute for each member (all their tokens and their session together), and for
    each visitor's address. The counters are in the shared cache, keyed by hashes."""

    def allow_request(self, request) -> bool:
        member = request.user
        if member.is_authenticated:
            limit, who = settings.API_RATE_LIMIT_MEMBER, f"m{member.pk}"
        else:
            limit, who = settings.API_RATE_LIMIT_VISITOR, "v" + ratelimit.client_address(request)
        window = WINDOW_SECONDS
        started = int(time.time() // window) * window
        return ratelimit.hit("api", who, str(started), window_seconds=window) <= limit

    def wait(self) -> float:
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS

"""Forms that create something are sent once, even after a double click or a reload.

The form carries a random token (`OnceField`). The first request with it goes through; a repeat
finds the token taken and is sent to what the first one created. The mark lives in the shared
cache (Redis in production), so it holds across app processes.
"""

import hashlib
import secrets
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.utils.translation import gettext as _

from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error

ONCE_SECONDS = 3600


class OnceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", lambda: secrets.token_hex(16))
        super().__init__(**kwargs)


def _key(request, token: str) -> str:
    return "once:" + hashlib.sha256(f"{request.user.pk}:{token}".encode()).hexdigest()


def seen_before(request, token: str) -> str | None:
    """None the first time a token is sent; on a repeat, the address of what it created ("" while
    the first request is still working)."""
    if not token:
        return None
    key = _key(request, token)
    if cache.add(key, "", ONCE_SECONDS):
        return None
    return cache.get(key) or ""


def remember(request, token: str, url: str) -> None:
    """The first request finished: repeats go to `url`."""
    if token:
        cache.set(_key(request, token), url, ONCE_SECONDS)


def forget(request, token: str) -> None:
    """The first request failed: the corrected form may be sent with the same token."""
    if token:
        cache.delete(_key(request, token))


def submit_once(request, form, create: Callable[[], str], *, fallback: str) -> str | None:
    """Run `create` (a service call returning the address of what it made) once per form token.

    Returns where to go next: the new thing, or on a repeat the thing the first request made
    (`fallback` while that one is still working). Returns None when the service refused; its
    message is then on the form and the same token may be sent again.
    """
    token = form.cleaned_data.get("once", "")
    previous = seen_before(request, token)
    if previous is not None:
        messages.info(request, _("This was sent already, so nothing was added twice."))
        return previous or fallback
    try:
        url = create()
    except ApplicationError as error:
        forget(request, token)
        add_application_error(form, error)
        return None
    remember(request, token, url)
    return url

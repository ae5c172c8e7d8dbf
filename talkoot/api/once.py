"""Creating once through the API: a body's optional `once` text, sent again (a retry after a lost
answer, a double tap), answers with what the first request made instead of making it twice. The
same marks as the pages' forms (talkoot.core.once), in the shared cache."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from ninja import Status

from talkoot.api.problems import Problem
from talkoot.core import once


def create_once(request, token: str | None, create: Callable[[], Model], show: Callable[[Any], Any]) -> Status:
    """201 with `show(pk)` of what `create` made; a repeat of `token`, 200 with the first one's; 409
    while the first is still being made. A refused `create` frees the token for the corrected body."""
    token = token or ""
    previous = once.seen_before(request, token)
    if previous is not None:
        if not previous:
            raise Problem(409, _("This was sent already and is still being worked on."), code="in_progress")
        return Status(200, show(int(previous)))
    try:
        made = create()
    except BaseException:
        once.forget(request, token)
        raise
    once.remember(request, token, str(made.pk))
    return Status(201, show(made.pk))

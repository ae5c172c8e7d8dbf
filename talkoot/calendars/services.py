"""Writes for calendar feeds: making an owner's secret address, and making a new one."""

import secrets

from django.db import transaction
from django.utils import timezone

from talkoot.calendars.models import CalendarToken
from talkoot.communities.models import Community
from talkoot.members.models import Member

# 32 random bytes, 43 URL-safe characters: not guessable, and short enough to copy.
TOKEN_BYTES = 32


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _owner(member: Member | None, community: Community | None) -> dict:
    if (member is None) == (community is None):
        raise TypeError("Give exactly one of member and community.")
    return {"member": member} if member is not None else {"community": community}


def calendar_token_for(*, member: Member | None = None, community: Community | None = None) -> CalendarToken:
    """The owner's live token, made on first use."""
    # get_or_create catches the unique-constraint error of a simultaneous first use and reads
    # the row the other request made, so both pages show the same address.
    token, _created = CalendarToken.objects.get_or_create(**_owner(member, community), defaults={"token": _new_token()})
    return token


@transaction.atomic
def calendar_token_regenerate(*, member: Member | None = None, community: Community | None = None) -> CalendarToken:
    """A new secret address for the owner; the old one answers 404 from this commit on.

    The row stays and only its token changes, so nothing else (the events' UIDs included)
    depends on the address.
    """
    token, _created = CalendarToken.objects.update_or_create(
        **_owner(member, community), defaults={"token": _new_token(), "created_at": timezone.now()}
    )
    return token

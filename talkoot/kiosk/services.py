"""Writes of kiosk screens: a screen asks for a code, someone pairs it, someone revokes it."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.models import Community, Membership
from talkoot.communities.services.rules import active_membership_exists
from talkoot.companions.access import may_act_for
from talkoot.core import ratelimit
from talkoot.core.errors import ApplicationError
from talkoot.kiosk.models import KioskPairing, KioskScreen, ScreenKind
from talkoot.members.models import Member

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
# Typing codes: ten tries an hour per member, so a million codes cannot be guessed.
PAIR_ATTEMPTS_PER_HOUR = 10
# Asking for codes: a screen needs one every ten minutes at most; more from one address is abuse.
CODES_PER_HOUR_PER_ADDRESS = 30
SEEN_EVERY = timedelta(minutes=5)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def pairing_start(*, client_address: str, now: datetime | None = None) -> tuple[KioskPairing, str]:
    """A new code for a screen, and the screen's secret (kept in its cookie, never stored)."""
    if ratelimit.hit("kiosk-code", client_address, window_seconds=3600) > CODES_PER_HOUR_PER_ADDRESS:
        raise ApplicationError(
            _("This screen asked for too many codes. Please wait a while and try again."), status=429
        )
    now = now or timezone.now()
    KioskPairing.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()  # old codes go
    secret = secrets.token_urlsafe(32)
    for _attempt in range(20):
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        try:
            with transaction.atomic():
                KioskPairing.objects.filter(code=code, paired_at__isnull=True, expires_at__lt=now).delete()
                pairing = KioskPairing.objects.create(
                    code=code, secret_hash=secret_hash(secret), expires_at=now + CODE_LIFETIME
                )
        except IntegrityError:
            continue  # that code is on another screen just now
        return pairing, secret
    raise ApplicationError(_("No code is free just now. Please try again in a minute."), status=503)


def normalised_code(code: str) -> str:
    return "".join(character for character in (code or "") if character.isdigit())


def _refuse_code() -> ApplicationError:
    return ApplicationError(
        _("That code is not right or is too old. Look at the screen: it shows a new code every ten minutes."),
        field="code",
        code="wrong_code",
    )


def _check_may_pair(*, member: Member, community: Community, kind: str, for_member: Member | None) -> None:
    if not active_membership_exists(member=member, community=community):
        raise ApplicationError(
            _("Only members of %(community)s can pair its screens.") % {"community": community.name},
            status=403,
            code="not_a_member",
        )
    if kind == ScreenKind.COMMON_ROOM:
        if not Membership.objects.stewards().filter(community=community, member=member).exists():
            raise ApplicationError(
                _("Only the stewards of %(community)s can pair a screen for its common room.")
                % {"community": community.name},
                status=403,
                code="not_a_steward",
            )
        return
    if for_member is None:
        raise ApplicationError(_("Please choose whose screen it is."), field="whose")
    if for_member.pk != member.pk and not may_act_for(companion=member, member=for_member, community=community):
        raise ApplicationError(
            _("You can pair a screen for yourself, or for someone you accompany."), status=403, code="not_companion"
        )


@transaction.atomic
def screen_pair(
    *,
    member: Member,
    code: str,
    community: Community,
    kind: str = ScreenKind.PERSONAL,
    for_member: Member | None = None,
    name: str = "",
) -> KioskScreen:
    """Pair the screen showing `code`: for `for_member` (the member, or someone they accompany),
    or, by a steward, for the community's common room (no one's personal data on it)."""
    if kind not in ScreenKind.values:
        raise ApplicationError(_("Please choose one of the options."), field="whose")
    if ratelimit.hit("kiosk-pair", str(member.pk), window_seconds=3600) > PAIR_ATTEMPTS_PER_HOUR:
        raise ApplicationError(
            _("Too many codes tried. Please wait an hour, or ask for help."), status=429, code="rate_limited"
        )
    _check_may_pair(member=member, community=community, kind=kind, for_member=for_member)
    digits = normalised_code(code)
    if len(digits) != CODE_DIGITS:
        raise _refuse_code()
    now = timezone.now()
    pairing = (
        KioskPairing.objects.select_for_update()
        .filter(code=digits, paired_at__isnull=True, expires_at__gte=now)
        .first()
    )
    if pairing is None:
        raise _refuse_code()
    owner = None if kind == ScreenKind.COMMON_ROOM else for_member
    default_name = (
        _("Common room of %(community)s") % {"community": community.name}
        if owner is None
        else _("Screen of %(name)s") % {"name": owner.display_name}
    )
    screen = KioskScreen.objects.create(
        kind=kind,
        community=community,
        member=owner,
        name=" ".join((name or "").split())[:80] or default_name,
        token_hash=pairing.secret_hash,
        paired_by=member,
    )
    pairing.paired_at = now
    pairing.save(update_fields=["paired_at"])
    return screen


def may_revoke(member: Member, screen: KioskScreen) -> bool:
    """The screen's member, whoever paired it, and for a common room its stewards."""
    if screen.member_id == member.pk or screen.paired_by_id == member.pk:
        return True
    return (
        screen.is_common_room
        and Membership.objects.stewards().filter(community_id=screen.community_id, member=member).exists()
    )


@transaction.atomic
def screen_revoke(*, member: Member, screen: KioskScreen) -> KioskScreen:
    """End a screen at once: its next request answers 404."""
    if not may_revoke(member, screen):
        raise ApplicationError(_("You cannot end this screen."), status=403, code="not_yours")
    now = timezone.now()
    KioskScreen.objects.filter(pk=screen.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=member)
    screen.refresh_from_db()
    return screen


def screen_seen(screen: KioskScreen, *, now: datetime | None = None) -> None:
    """When the screen last asked for a page, kept to the minute or so (a write every request
    would be a write a minute per screen for nothing)."""
    now = now or timezone.now()
    if screen.last_seen_at is None or now - screen.last_seen_at > SEEN_EVERY:
        KioskScreen.objects.filter(pk=screen.pk).update(last_seen_at=now)
        screen.last_seen_at = now

"""Making and revoking personal access tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.api.models import PREFIX_LENGTH, AccessToken, Scope
from talkoot.core.errors import ApplicationError
from talkoot.members.models import Member

SECRET_PREFIX = "tko_"  # noqa: S105 - how a talkoot token starts, not a secret
MAX_LIVE_TOKENS = 20
EXPIRY_DAYS = (30, 90, 365)
# A token's last use is written at most this often, so reading through the API does not write a row
# on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def access_token_create(
    *, member: Member, name: str, scope: str = Scope.READ, expires_in_days: int | None = None
) -> tuple[AccessToken, str]:
    """A new token and its secret. The secret is returned this once and never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Give the token a name, so you know later what uses it."), field="name")
    if len(name) > 80:
        raise ApplicationError(_("The name can be at most 80 characters long."), field="name")
    if scope not in Scope.values:
        raise ApplicationError(_("Choose what the token may do."), field="scope")
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        raise ApplicationError(_("Choose when the token stops working."), field="expires_in_days")
    Member.objects.select_for_update().filter(pk=member.pk).first()  # one creation at a time per member
    if AccessToken.objects.live().filter(member=member).count() >= MAX_LIVE_TOKENS:
        raise ApplicationError(
            _("You have %(count)d working tokens. Revoke one you no longer use first.") % {"count": MAX_LIVE_TOKENS}
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = AccessToken.objects.create(
        member=member,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return token, secret


def access_token_revoke(*, member: Member, token: AccessToken) -> AccessToken:
    """Stops the token at once; revoking twice changes nothing."""
    if token.member_id != member.pk:
        raise ApplicationError(_("You can only revoke your own tokens."))
    AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def access_token_used(token: AccessToken, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

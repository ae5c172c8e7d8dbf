"""E-mail confirmation tokens: signed, time-limited, and free of personal data.

The token carries the member's id and a keyed digest of the address it was sent to, signed with
SECRET_KEY. Nobody can read an e-mail address out of a link, forge one, or use an old link to
confirm an address the member has since changed.
"""

import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

SALT = "talkoot.members.email-confirmation"


class TokenInvalid(Exception):
    pass


@dataclass(frozen=True)
class EmailConfirmation:
    member_id: int
    email_digest: str
    expired: bool


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def email_digest(email: str) -> str:
    return salted_hmac(SALT, email.lower(), algorithm="sha256").hexdigest()[:20]


def make_email_confirmation_token(member, *, signer: signing.TimestampSigner | None = None) -> str:
    return (signer or _signer()).sign_object({"m": member.pk, "e": email_digest(member.email)})


def read_email_confirmation_token(token: str) -> EmailConfirmation:
    """What a genuine token says, and whether it is too old; TokenInvalid for anything forged.

    An expired token is still read, so that a member who already confirmed is told so rather
    than that their old link expired.
    """
    signer = _signer()
    try:
        payload = signer.unsign_object(token)
    except (signing.BadSignature, ValueError, zlib.error):
        raise TokenInvalid from None
    if not isinstance(payload, dict) or not isinstance(payload.get("m"), int) or not isinstance(payload.get("e"), str):
        raise TokenInvalid
    try:
        signer.unsign(token, max_age=settings.EMAIL_CONFIRMATION_TIMEOUT)
        expired = False
    except signing.SignatureExpired:
        expired = True
    return EmailConfirmation(member_id=payload["m"], email_digest=payload["e"], expired=expired)

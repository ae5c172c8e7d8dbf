"""Signed one-click unsubscribe tokens: which member, which kind. No expiry: an old e-mail's
link must still work (RFC 8058); a tampered one fails the signature."""

from django.core import signing

_SALT = "talkoot.notifications.unsubscribe"


def unsubscribe_token(member_id: int, kind: str) -> str:
    return signing.dumps({"m": member_id, "k": kind}, salt=_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT)
        return int(data["m"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None

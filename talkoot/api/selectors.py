"""Reading access tokens: a member's own list, one of them, and the token behind a secret."""

from django.db.models import F
from django.http import Http404
from django.utils import timezone

from talkoot.api.models import AccessToken
from talkoot.api.services import SECRET_PREFIX, digest_of
from talkoot.core.compiled import CompiledQuery
from talkoot.members.models import Member


def access_tokens_of(member) -> list[AccessToken]:
    return list(AccessToken.objects.filter(member=member, revoked_at__isnull=True))


def access_token_for(member, token_id) -> AccessToken:
    """One of the member's own tokens; 404 for anyone else's or a revoked one."""
    try:
        return AccessToken.objects.get(pk=int(token_id), member=member, revoked_at__isnull=True)
    except (AccessToken.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def live_token_for_secret(secret: str) -> AccessToken | None:
    """The live token with this secret, with its member (one query by the unique digest); None if
    there is none, it has expired or been revoked, or its member has left the site."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    digest = digest_of(secret)
    found = _member_by_token_digest(digest=digest)
    if not found:
        return None
    member = found[0]
    columns = {name: vars(member).pop(f"token_{name}") for name in _TOKEN_FIELDS}
    columns.update(member_id=member.pk, digest=digest)
    fields = AccessToken._meta.concrete_fields  # from_db takes the values in the model's order
    token = AccessToken.from_db(member._state.db, [f.attname for f in fields], [columns[f.attname] for f in fields])
    token.member = member
    if token.revoked_at is not None or (token.expires_at and token.expires_at <= timezone.now()):
        return None
    return token if member.is_active and member.deleted_at is None else None


# The member and their token in one row: every API request asks, so it is compiled once.
_TOKEN_FIELDS = ("id", "name", "prefix", "scope", "created_at", "expires_at", "last_used_at", "revoked_at")
_member_by_token_digest = CompiledQuery(
    lambda *, digest: Member.objects.filter(access_tokens__digest=digest).annotate(
        **{f"token_{name}": F(f"access_tokens__{name}") for name in _TOKEN_FIELDS}
    )
)

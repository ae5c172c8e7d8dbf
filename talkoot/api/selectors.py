"""Reading access tokens: a member's own list, one of them, and the token behind a secret."""

from django.http import Http404
from django.utils import timezone

from talkoot.api.models import AccessToken
from talkoot.api.services import SECRET_PREFIX, digest_of


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
    try:  # get(), not first(): no ORDER BY for a unique lookup
        token = AccessToken.objects.select_related("member").get(digest=digest_of(secret))
    except AccessToken.DoesNotExist:
        return None
    if token.revoked_at is not None or (token.expires_at and token.expires_at <= timezone.now()):
        return None
    member = token.member
    return token if member.is_active and member.deleted_at is None else None

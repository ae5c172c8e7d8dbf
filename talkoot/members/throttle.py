"""Login throttling per (e-mail address, client address), kept in the shared cache.

After LOGIN_FAILURE_LIMIT failures within LOGIN_COOL_OFF_SECONDS, that pair cools off for
LOGIN_COOL_OFF_SECONDS. Never a permanent lock-out: a member locked out by someone else's guessing
can still sign in from their own address, and everyone can again once the cool-off ends. The
address and e-mail are hashed before they reach the cache (see core/ratelimit.py).
"""

import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from talkoot.core import ratelimit

FAILURE_SCOPE = "login-failure"


def _now() -> float:
    return time.time()


def _cool_off_key(email: str, address: str) -> str:
    digest = hashlib.sha256(f"{email}\x1f{address}".encode()).hexdigest()[:32]
    return f"rl:login-cool-off:{digest}"


def _normal(email: str) -> str:
    return email.strip().lower()


def cool_off_until(email: str, address: str) -> datetime | None:
    """When this pair may try again, or None if it may try now."""
    until = cache.get(_cool_off_key(_normal(email), address))
    if until is None or until <= _now():
        return None
    return datetime.fromtimestamp(until, tz=UTC)


def record_failure(email: str, address: str) -> datetime | None:
    """Count one failed login; return the end of the cool-off if this failure started one."""
    email = _normal(email)
    failures = ratelimit.hit(FAILURE_SCOPE, email, address, window_seconds=settings.LOGIN_COOL_OFF_SECONDS)
    if failures < settings.LOGIN_FAILURE_LIMIT:
        return None
    until = _now() + settings.LOGIN_COOL_OFF_SECONDS
    cache.set(_cool_off_key(email, address), until, timeout=settings.LOGIN_COOL_OFF_SECONDS)
    ratelimit.reset(FAILURE_SCOPE, email, address)
    return datetime.fromtimestamp(until, tz=UTC)


def record_success(email: str, address: str) -> None:
    email = _normal(email)
    ratelimit.reset(FAILURE_SCOPE, email, address)
    cache.delete(_cool_off_key(email, address))


def failure_count(email: str, address: str) -> int:
    return ratelimit.count(FAILURE_SCOPE, _normal(email), address)

"""Fixed-window counters in the shared cache (Redis in production).

Keys are hashed so that no e-mail address or IP address is ever stored in the cache in
the clear.
"""

import hashlib

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache


def _key(scope: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def hit(scope: str, *parts: str, window_seconds: int) -> int:
    """Count one event and return how many happened in the current window."""
    key = _key(scope, *parts)
    if isinstance(cache, RedisCache):
        # One round trip instead of three (add, then incr's EXISTS and INCR): the API counts every
        # request. SET NX starts the window with its expiry, INCR counts; both in one pipeline.
        name = cache.make_and_validate_key(key)
        client = cache._cache.get_client(name, write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(name, 0, ex=window_seconds, nx=True)
        pipeline.incr(name)
        _started, count = pipeline.execute()
        return int(count)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def count(scope: str, *parts: str) -> int:
    return cache.get(_key(scope, *parts), 0)


def reset(scope: str, *parts: str) -> None:
    cache.delete(_key(scope, *parts))


def client_address(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy; the proxy is expected to
    # set it right (gunicorn --forwarded-allow-ips), never a client-supplied header.
    return request.META.get("REMOTE_ADDR", "")

"""Fixed-window counters in the shared cache (Redis in production).

Keys are hashed so that no e-mail address or IP address is ever stored in the cache in
the clear.
"""

import hashlib
from weakref import WeakKeyDictionary

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def _key(scope: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def hit(scope: str, *parts: str, window_seconds: int) -> int:
    """Count one event and return how many happened in the current window."""
    key = _key(scope, *parts)
    backend = caches["default"]  # `cache` is a proxy: isinstance() would see the proxy's class
    if isinstance(backend, RedisCache):
        # One round trip instead of three (add, then incr's EXISTS and INCR): the API counts every
        # request. SET NX starts the window with its expiry, INCR counts; both in one pipeline.
        name = backend.make_and_validate_key(key)
        pipeline = _writer(backend).pipeline(transaction=False)
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


def _writer(backend: RedisCache):
    """The cache's Redis client for writes, made once per cache object: Django makes a new client
    for every command, which costs more than the command."""
    connections = backend._cache
    client = _writers.get(connections)
    if client is None:
        client = _writers[connections] = connections.get_client(write=True)
    return client


_writers: WeakKeyDictionary = WeakKeyDictionary()


def count(scope: str, *parts: str) -> int:
    return cache.get(_key(scope, *parts), 0)


def reset(scope: str, *parts: str) -> None:
    cache.delete(_key(scope, *parts))


def client_address(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy; the proxy is expected to
    # set it right (gunicorn --forwarded-allow-ips), never a client-supplied header.
    return request.META.get("REMOTE_ADDR", "")

"""Rate limits live in the shared cache, so separate app processes see the same counts."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


HIT_IN_A_NEW_PROCESS = """
import django
django.setup()
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from talkoot.core import ratelimit

def three_round_trips(*args, **kwargs):
    raise AssertionError("counted with add and incr, not in one pipeline")

RedisCache.add = RedisCache.incr = three_round_trips
count = ratelimit.hit("login", "someone@example.org", "203.0.113.9", window_seconds=60)
name = cache.make_and_validate_key(ratelimit._key("login", "someone@example.org", "203.0.113.9"))
ttl = cache._cache.get_client(name).ttl(name)
assert 0 < ttl <= 60, ttl  # the window ends: a counter never outlives it
print(count)
"""


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_two_app_processes_share_one_rate_limit_counter():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"talkoot-test-{os.getpid()}",
    }
    counts = []
    for _ in range(3):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", HIT_IN_A_NEW_PROCESS],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        counts.append(int(result.stdout.strip().splitlines()[-1]))
    assert counts == [1, 2, 3]


def test_rate_limit_keys_do_not_contain_personal_data(settings):
    from django.core.cache import cache

    from talkoot.core import ratelimit

    ratelimit.hit("login", "Someone@Example.org", "203.0.113.9", window_seconds=60)
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys, "expected the local-memory cache in tests"
    assert not any("example.org" in key.lower() or "203.0.113.9" in key for key in keys)

"""Settings are read from the environment and fail loudly on bad values.

Each profile is loaded in a fresh interpreter, as a deployment would load it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7$Vq!2mN#pL9rT&wZ4yB8cE@fH6jK0sU5dG3aQ1oI-vX_nM=kR%tY^pW*eS",
    "EMAIL_HOST": "smtp.example.org",
    "ALLOWED_HOSTS": "talkoot.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "production-check.sqlite3"),
}


def _run(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {"DJANGO_ENV", "REDIS_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env={**clean, **extra_env}, capture_output=True, text=True, timeout=120
    )


def _settings(extra_env: dict[str, str], *names: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: repr(getattr(settings, n, None)) for n in {list(names)!r}}}))"
    )
    result = _run(["-c", code], {"DJANGO_SETTINGS_MODULE": "config.settings", **extra_env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_passes_deploy_checks_at_warning_level():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret():
    env_without_secret = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run(["manage.py", "check"], env_without_secret)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_hardens_passwords_cookies_and_headers():
    values = _settings(
        PRODUCTION_ENV,
        "PASSWORD_HASHERS",
        "PASSWORD_RESET_TIMEOUT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_CSP",
        "SESSION_ENGINE",
        "DEBUG",
    )
    assert "Argon2PasswordHasher" in values["PASSWORD_HASHERS"].split(",")[0]
    assert values["PASSWORD_RESET_TIMEOUT"] == "3600"
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["CSRF_COOKIE_SECURE"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000
    assert "'default-src'" in values["SECURE_CSP"]
    assert values["SESSION_ENGINE"] == "'django.contrib.sessions.backends.db'"
    assert values["DEBUG"] == "False"


def test_cache_is_shared_redis_when_redis_url_is_set():
    values = _settings({**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}, "CACHES")
    assert "RedisCache" in values["CACHES"]


def test_production_without_redis_shares_the_cache_through_the_database():
    values = _settings(PRODUCTION_ENV, "CACHES")
    assert "DatabaseCache" in values["CACHES"]


def test_development_keeps_the_cache_in_memory():
    values = _settings({"DJANGO_ENV": "development"}, "CACHES", "DEBUG")
    assert "LocMemCache" in values["CACHES"]


def test_a_bad_value_stops_the_start_with_a_clear_message():
    result = _run(["manage.py", "check"], {"DJANGO_ENV": "staging"})
    assert result.returncode != 0
    assert "DJANGO_ENV must be one of" in result.stderr


@pytest.mark.parametrize(
    ("helper", "value", "message"),
    [
        (lambda: env.env_bool("TALKOOT_T", False), "perhaps", "must be one of"),
        (lambda: env.env_int("TALKOOT_T", 1), "ten", "must be an integer"),
        (lambda: env.env_int("TALKOOT_T", 1, minimum=1), "0", "at least 1"),
    ],
)
def test_typed_helpers_fail_loudly(monkeypatch, helper, value, message):
    monkeypatch.setenv("TALKOOT_T", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        helper()


def test_typed_helpers_read_good_values(monkeypatch):
    monkeypatch.setenv("TALKOOT_T", "yes")
    assert env.env_bool("TALKOOT_T", False) is True
    monkeypatch.setenv("TALKOOT_T", " a, b ,,c ")
    assert env.env_list("TALKOOT_T", []) == ["a", "b", "c"]
    monkeypatch.delenv("TALKOOT_T")
    assert env.env_int("TALKOOT_T", 7) == 7


def test_production_health_check_answers_over_plain_http_for_load_balancers():
    values = _settings(PRODUCTION_ENV, "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT")
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SECURE_REDIRECT_EXEMPT"] == "['^healthz$']"

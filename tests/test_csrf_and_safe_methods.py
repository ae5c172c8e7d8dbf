"""Every unsafe method needs a CSRF token, and no GET changes anything.

The route list is read from the URL configuration, so a new page is covered the day it is added.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from talkoot.communities.models import Application

# Routes that are not forms of this site: the one-click unsubscribe that mail programs post
# without a session (RFC 8058; the signed token is the key), and the API, whose every unsafe
# operation is checked with a session and no CSRF header in talkoot/api/tests/test_auth.py.
CSRF_EXEMPT_PREFIXES: tuple[str, ...] = ("/notifications/unsubscribe/", "/api/v1/")
# Tables whose writes on GET are bookkeeping, not state: the session itself, and how far a member
# has read a conversation (reading it is what moves the mark, as in every messaging tool).
BOOKKEEPING_TABLES = ("django_session", "conversations_readstate")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str, values: dict[str, str]) -> str:
    def fill(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        return {"int": "999999", "slug": "no-such-thing", "uuid": "00000000-0000-0000-0000-000000000000"}.get(
            converter, "x"
        )

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route).lstrip("^").rstrip("$")


def all_routes():
    return sorted({route for route in _walk(get_resolver().url_patterns) if not route.startswith("admin/")})


@pytest.fixture
def route_values(community, member, newcomer):
    application = Application.objects.create(community=community, applicant=newcomer, answers=[])
    return {"slug": community.slug, "application_id": application.pk}


@pytest.mark.parametrize("route", [route for route in all_routes() if not f"/{route}".startswith(CSRF_EXEMPT_PREFIXES)])
def test_post_without_csrf_token_is_refused(route, route_values, member, client_for):
    url = _concrete(route, route_values)
    response = client_for(member, enforce_csrf_checks=True).post(url, {"name": "x"})
    assert response.status_code == 403, f"POST {url} without a CSRF token answered {response.status_code}"


@pytest.mark.parametrize("route", all_routes())
def test_get_changes_nothing(route, route_values, member, client_for):
    url = _concrete(route, route_values)
    client = client_for(member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and not any(table in q["sql"] for table in BOOKKEEPING_TABLES)
    ]
    assert writes == [], f"GET {url} wrote to the database: {writes}"

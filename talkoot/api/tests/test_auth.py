"""The API's edge: tokens and sessions, CSRF, the caller's language, limits and malformed requests."""

import json
import re

import pytest
from django.test import Client

from config.api import api
from talkoot.api.models import AccessToken, Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import PREFIX, UNSAFE, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(member):
    return access_token_create(member=member, name="tests", scope=Scope.READ_WRITE)[1]


def _problem(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == response.status_code
    return body


def _unsafe_operations():
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, _operation in item.items():
            if method.upper() in UNSAFE:
                yield method.upper(), re.sub(r"\{[^}]+\}", "1", path)


def test_the_schema_is_openapi_3_1_and_the_docs_are_served(client):
    schema = json.loads(client.get(f"{PREFIX}/openapi.json").content)
    assert schema["openapi"].startswith("3.1")
    assert {"TokenAuth", "MemberSession"} <= set(schema["components"]["securitySchemes"])
    docs = client.get(f"{PREFIX}/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


@pytest.mark.parametrize(("method", "path"), list(_unsafe_operations()))
def test_every_unsafe_operation_needs_csrf_with_a_session(method, path, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.generic(method, path, data="{}", content_type="application/json")
    assert response.status_code == 403, f"{method} {path}: {response.status_code}"
    assert _problem(response)["code"] == "csrf"


def test_a_session_with_the_csrf_header_may_write(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/settings/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.patch(
        f"{PREFIX}/me/preferences",
        data={"text_size": "large"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200 and json.loads(response.content)["text_size"] == "large"


def test_a_token_needs_no_csrf(token):
    assert call("PATCH", "/me/preferences", token=token, body={"high_contrast": True}).status_code == 200


def test_a_bad_token_is_401_even_beside_a_valid_session(member):
    client = Client()
    client.force_login(member)
    response = client.get(f"{PREFIX}/me", headers={"Authorization": "Bearer tko_wrong"})
    assert response.status_code == 401 and _problem(response)


def test_a_read_only_token_may_read_but_not_write(member):
    secret = access_token_create(member=member, name="reader", scope=Scope.READ)[1]
    assert call("GET", "/me", token=secret).status_code == 200
    response = call("PATCH", "/me/preferences", token=secret, body={"text_size": "large"})
    assert response.status_code == 403 and _problem(response)["code"] == "read_only_token"
    member.refresh_from_db()
    assert member.text_size != "large"


@pytest.mark.parametrize("query", ["?token={secret}", "?access_token={secret}", "?x={secret}", "?api_key=abc"])
def test_a_token_in_the_address_is_refused(query, token):
    client = Client()
    response = client.get(f"{PREFIX}/me" + query.format(secret=token))
    assert response.status_code == 400 and _problem(response)["code"] == "token_in_query"


def test_the_answer_speaks_the_members_language(member, token):
    member.language = "fi"
    member.save(update_fields=["language"])
    response = call("PATCH", "/me/preferences", token=token, body={"time_zone": "Mars/Olympus"})
    body = _problem(response)
    assert response.status_code == 422 and response["Content-Language"] == "fi"
    assert body["errors"][0]["field"] == "time_zone"
    assert "aikavyöhyke" in body["detail"]


def test_a_token_records_when_it_was_last_used(token):
    assert AccessToken.objects.get().last_used_at is None
    call("GET", "/me", token=token)
    first = AccessToken.objects.get().last_used_at
    assert first is not None
    call("GET", "/me", token=token)
    assert AccessToken.objects.get().last_used_at == first  # not a write on every request


def test_too_many_requests_get_429_with_retry_after(settings, token):
    settings.API_RATE_LIMIT_MEMBER = 3
    statuses = [call("GET", "/me", token=token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = call("GET", "/me", token=token)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert _problem(response)["code"] == "rate_limited"


def test_a_large_body_is_refused_before_it_is_read(token):
    response = call("PATCH", "/me/profile", token=token, body={"bio": "x" * (1024 * 1024)})
    assert response.status_code == 413 and _problem(response)["code"] == "too_large"


def test_invalid_json_is_400(token):
    client = Client()
    response = client.patch(
        f"{PREFIX}/me/preferences",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400 and _problem(response)["code"] == "invalid_json"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text_size": "large", "colour": "red"}, "colour", "This field is not known here."),
        ({"high_contrast": "perhaps"}, "high_contrast", "Enter true or false."),
        ({"text_size": "gigantic"}, "text_size", "Choose one of"),
        ({"time_zone": "x" * 65}, "time_zone", "Use at most 64 characters."),
    ],
)
def test_invalid_fields_are_named(body, field, message, token, member):
    response = call("PATCH", "/me/preferences", token=token, body=body)
    problem = _problem(response)
    assert response.status_code == 422
    assert [error["field"] for error in problem["errors"]] == [field]
    assert problem["errors"][0]["message"].startswith(message)
    assert problem["errors"][0]["in"] == "body"


def test_a_body_that_is_not_an_object_is_422(token):
    response = call("PATCH", "/me/preferences", token=token, body=["text_size"])
    assert response.status_code == 422 and _problem(response)


def test_unknown_addresses_and_methods_are_problems_too(token):
    missing = call("GET", "/no-such-thing", token=token)
    assert missing.status_code == 404 and _problem(missing)
    wrong = call("DELETE", "/me", token=token)
    assert wrong.status_code == 405 and _problem(wrong) and "GET" in wrong["Allow"]


def test_no_answer_leaks_a_traceback_or_the_secret(token):
    response = call("PATCH", "/me/preferences", token=token, body={"text_size": 5})
    assert token not in response.content.decode() and "Traceback" not in response.content.decode()

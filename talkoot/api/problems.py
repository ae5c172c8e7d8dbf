"""Errors as RFC 9457 problem details (`application/problem+json`), in the caller's language.

Every error the API gives has `type`, `title`, `status` and `detail`; a broken rule of the domain
adds a `code`, invalid input adds `errors` (one per field, with where it was: body, query or path).
`install` puts the handlers on the NinjaAPI; `ApiMiddleware` turns what Django answers
itself under /api/ (an unknown address, a method not allowed) into the same shape.
"""

import logging
import math
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from talkoot.core.errors import ApplicationError, RateLimitedError

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api/"


class Problem(Exception):
    """An answer other than success, raised anywhere under the API."""

    def __init__(self, status: int, detail: str, *, code: str = "", headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.headers = headers or {}

    def response(self) -> JsonResponse:
        return problem_response(self.status, self.detail, code=self.code, headers=self.headers)


class RateLimited(Problem):
    def __init__(self, retry_after: float):
        seconds = max(1, math.ceil(retry_after))
        super().__init__(
            429,
            _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": seconds},
            code="rate_limited",
            headers={"Retry-After": str(seconds)},
        )


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Sign-in needed"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Request too large"),
        415: _("Unsupported media type"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def title_for(status: int) -> str:
    return _titles().get(status) or HTTPStatus(status).phrase


def problem_response(
    status: int,
    detail: str,
    *,
    code: str = "",
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict = {
        "type": f"urn:talkoot:problem:{code}" if code else "about:blank",
        "title": title_for(status),
        "status": status,
        "detail": detail,
    }
    if code:
        body["code"] = code
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=MEDIA_TYPE, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="talkoot"'
    return response


# --- Validation messages, translated -------------------------------------------------------------

_WRAPPERS = {"payload", "body", "data", "filters"}


def _field(loc: tuple | list) -> tuple[str, str]:
    where = str(loc[0]) if loc else "body"
    parts = [str(part) for part in loc[1:]]
    if parts and parts[0] in _WRAPPERS:
        parts = parts[1:]
    return where, ".".join(parts)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not known here.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("Enter a number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind in {"string_type", "str_type"}:
        return _("Enter text.")
    if kind == "string_too_long":
        return _("Use at most %(count)s characters.") % {"count": ctx.get("max_length", "?")}
    if kind == "string_too_short":
        return _("Use at least %(count)s characters.") % {"count": ctx.get("min_length", "?")}
    if kind in {"too_long"}:
        return _("Give at most %(count)s items.") % {"count": ctx.get("max_length", "?")}
    if kind in {"too_short"}:
        return _("Give at least %(count)s items.") % {"count": ctx.get("min_length", "?")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Enter a number of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt", "?"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Enter a number of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt", "?"))}
    if kind in {"literal_error", "enum"}:
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith(("datetime", "date", "time")):
        return (
            _("Enter a date and time as in 2026-12-24T18:00:00+02:00.")
            if "datetime" in kind
            else _("Enter a date as in 2026-12-24.")
        )
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("Send a JSON object here.")
    if kind == "list_type":
        return _("Send a list here.")
    if kind == "url_parsing" or kind == "url_scheme":
        return _("Enter a web address.")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return _("This value is not valid.")


def validation_errors(errors: list[dict]) -> list[dict]:
    result = []
    for error in errors:
        where, field = _field(error.get("loc", ()))
        result.append({"in": where, "field": field, "message": _message(error)})
    return result


# --- Handlers ------------------------------------------------------------------------------------


def install(api) -> None:
    @api.exception_handler(Problem)
    def on_problem(request, exc: Problem):
        return exc.response()

    @api.exception_handler(ApplicationError)
    def on_application_error(request, exc: ApplicationError):
        if isinstance(exc, RateLimitedError):
            headers = {"Retry-After": str(exc.retry_after)}
            return problem_response(429, exc.message, code="rate_limited", headers=headers)
        if exc.field:
            errors = [{"in": "body", "field": exc.field, "message": exc.message}]
            return problem_response(422, exc.message, code=exc.code or "invalid", errors=errors)
        return problem_response(exc.status or 409, exc.message, code=exc.code or "refused")

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc: ValidationError):
        errors = validation_errors(exc.errors)
        return problem_response(422, _("Some of what was sent is not valid."), code="invalid", errors=errors)

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request, exc: AuthenticationError):
        return problem_response(401, _("Sign in, or send a valid access token as “Authorization: Bearer …”."))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in exc.message:
            detail = _("The CSRF check failed: send the X-CSRFToken header with a session, or use an access token.")
            return problem_response(403, detail, code="csrf")
        if exc.status_code == 400 and "parse" in exc.message.lower():
            return problem_response(400, _("The body is not valid JSON."), code="invalid_json")
        if isinstance(exc, Throttled):
            # ninja adds Retry-After to this response itself.
            return RateLimited(exc.wait or 60).response()
        return problem_response(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem_response(404, _("There is nothing here, or you may not see it."))

    @api.exception_handler(ObjectDoesNotExist)
    def on_does_not_exist(request, exc):
        return problem_response(404, _("There is nothing here, or you may not see it."))

    @api.exception_handler(OverflowError)
    def on_overflow(request, exc):
        # A number too large for the database, in a field the schema left unbounded.
        return problem_response(422, _("A number in the request is too large."), code="invalid")

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return problem_response(403, _("You may not do this."))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        logger.exception("API error in %s %s", request.method, request.path)
        return problem_response(500, _("Something went wrong on our side. It has been logged."))


class ApiMiddleware:
    """The edge of /api/: a body over `API_MAX_BODY_BYTES` is refused (413) before it is read, and an
    error Django answered itself (no route, method not allowed) becomes a problem too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            detail = _("The body is too large: at most %(count)d kB.") % {"count": settings.API_MAX_BODY_BYTES // 1024}
            return problem_response(413, detail, code="too_large")
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            (MEDIA_TYPE, "application/json")
        ):
            return _as_problem(response)
        return response


def _as_problem(response: HttpResponse) -> HttpResponse:
    status = response.status_code
    details = {
        404: _("There is nothing at this address in the API."),
        405: _("This address does not take that method."),
        413: _("The request is too large."),
    }
    problem = problem_response(status, details.get(status, title_for(status)))
    if "Allow" in response:
        problem["Allow"] = response["Allow"]
    return problem


# --- In the OpenAPI schema -----------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details, in the caller's language.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank`, or `urn:talkoot:problem:<code>`"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what happened and what to do, for a person"},
        "code": {"type": "string", "description": "a machine-readable name, such as `task_full`"},
        "errors": {
            "type": "array",
            "description": "one entry per invalid field",
            "items": {
                "type": "object",
                "required": ["in", "field", "message"],
                "properties": {
                    "in": {"type": "string", "enum": ["body", "query", "path", "header", "cookie", "form", "file"]},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
# Every operation may answer these; the descriptions are the OpenAPI document's, in English.
COMMON_PROBLEMS = {
    "400": "Bad request: the body is not JSON, or a token was put in the address",
    "401": "No valid access token and no session",
    "403": "Not allowed: a read-only token asking for a write, a failed CSRF check, or a rule of the community",
    "404": "Not found, or not visible to you (a private community's things answer 404 to outsiders)",
    "405": "The address does not take this method",
    "409": "Conflict: the thing's state does not allow this now (a full task, a double thanks, a stale move)",
    "413": "The body is too large",
    "422": "Invalid input: `errors` names each field",
    "429": "Too many requests: wait for Retry-After seconds",
}


def document(schema: dict) -> dict:
    """Add the problem responses every operation can give to each operation of `schema`."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_PROBLEMS.items():
                if status in responses:
                    continue
                response: dict = {"description": description, "content": content}
                if status == "429":
                    response["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
                if status == "405":
                    response["headers"] = {"Allow": {"schema": {"type": "string"}}}
                responses[status] = response
    return schema

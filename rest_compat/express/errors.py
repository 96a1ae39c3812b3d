"""The Express dialect's error bodies.

Schema validation answers `{"error": [issue, …]}` with issues shaped like the original's (zod):
`{"code", "path", "message", …}`. A rule of an endpoint, an unknown object and who-may-do-what
answer `{"error": "<text>"}`; a body that is not JSON answers `{"message": "<parser text>"}`.
"""

from typing import Any

from djangorestframework_camel_case.util import camelize
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from musewave import errors as domain
from musewave.services.users import EMAIL_TAKEN, USERNAME_TAKEN
from rest_compat.errors import domain_headers, domain_status, missing_or_too_large

NOT_FOUND = "Not found"
METHOD_NOT_ALLOWED = "Method not allowed"
USERNAME_TAKEN_TEXT = "Username already taken"
EMAIL_TAKEN_TEXT = "Email already registered"


def camel(name: str | int) -> str | int:
    """A field name as this dialect spells it (list indexes stay numbers)."""
    if not isinstance(name, str):
        return name
    return next(iter(camelize({name: None})))


def parsed_type(value: Any) -> str:
    """The type name the original's validator reports for a JSON value."""
    if value is _MISSING:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "nan" if value != value else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


class _Missing:
    def __repr__(self) -> str:
        return "undefined"


_MISSING = _Missing()


def type_issue(path: list, expected: str, value: Any) -> dict[str, Any]:
    received = parsed_type(value)
    message = "Required" if received == "undefined" else f"Expected {expected}, received {received}"
    return {
        "code": "invalid_type",
        "expected": expected,
        "received": received,
        "path": path,
        "message": message,
    }


class SchemaInvalid(exceptions.APIException):
    """The body failed the endpoint's schema; `issues` say where and why."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, issues: list[dict[str, Any]]):
        super().__init__("Invalid input.")
        self.issues = issues


def _custom(path: tuple, message: str) -> dict[str, Any]:
    field, *rest = path or ("non_field_errors",)
    head = [] if field == "non_field_errors" else [camel(field)]
    return {"code": "custom", "path": head + [camel(part) for part in rest], "message": message}


def _validation_body(exc: domain.ValidationFailed) -> Any:
    """A rule of the services, in this dialect's words."""
    if USERNAME_TAKEN in exc.errors.get("username", []):
        return USERNAME_TAKEN_TEXT
    if EMAIL_TAKEN in exc.errors.get("email", []):
        return EMAIL_TAKEN_TEXT
    if not exc.errors:
        return exc.message
    return [_custom(path, message) for path, message in exc.paths]


def _drf_issues(detail: Any, path: list) -> list[dict[str, Any]]:
    """Issues of a DRF validation error raised outside this dialect's own schemas (views
    shared with the legacy dialect)."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            inner = path if key == "non_field_errors" else [*path, camel(key)]
            found.extend(_drf_issues(value, inner))
        return found
    if isinstance(detail, list):
        return [issue for item in detail for issue in _drf_issues(item, path)]
    if getattr(detail, "code", None) == "required":
        return [type_issue(path, "string", _MISSING)]
    return [{"code": "custom", "path": path, "message": str(detail)}]


def _text(detail: Any) -> str:
    if isinstance(detail, dict):
        return " ".join(_text(value) for value in detail.values())
    if isinstance(detail, list):
        return " ".join(_text(value) for value in detail)
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """The exception handler of every Express view."""
    if isinstance(exc, domain.MusewaveError):
        set_rollback()
        if isinstance(exc, domain.ValidationFailed):
            body: Any = _validation_body(exc)
        else:
            body = exc.message
        return Response({"error": body}, status=domain_status(exc), headers=domain_headers(exc))
    if isinstance(exc, SchemaInvalid):
        return Response({"error": exc.issues}, status=exc.status_code)
    if (response := missing_or_too_large(exc, key="error", not_found=NOT_FOUND)) is not None:
        return response
    if isinstance(exc, exceptions.MethodNotAllowed):
        body = {"error": METHOD_NOT_ALLOWED}
    elif isinstance(exc, exceptions.ParseError):
        body = {"message": _text(exc.detail)}
    elif isinstance(exc, exceptions.ValidationError):
        body = {"error": _drf_issues(exc.detail, [])}
    elif isinstance(exc, exceptions.APIException):
        body = {"error": _text(exc.detail)}
    else:
        return None
    set_rollback()
    headers = {}
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(wait))
    return Response(body, status=exc.status_code, headers=headers)

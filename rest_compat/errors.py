"""The legacy error formats.

Request-level problems (bad JSON, media type, method, unknown path object) answer
`{"message": …}`; validation and the rules of an endpoint answer `{"error": …}`, with a map of
field names to messages when the problem is with particular fields.
"""

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from musewave import errors as domain
from rest_compat.authentication import WWW_AUTHENTICATE

NOT_FOUND_MESSAGE = "Not found."

_DOMAIN_STATUS = {
    # Before ValidationFailed, of which it is a kind.
    domain.PayloadTooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    domain.ValidationFailed: status.HTTP_400_BAD_REQUEST,
    domain.NotFound: status.HTTP_404_NOT_FOUND,
    domain.AuthenticationRequired: status.HTTP_401_UNAUTHORIZED,
    domain.PermissionDenied: status.HTTP_403_FORBIDDEN,
    domain.Conflict: status.HTTP_409_CONFLICT,
    domain.Throttled: status.HTTP_429_TOO_MANY_REQUESTS,
}
# DRF's own refusals that are about who asks rather than how: reported like the domain's.
_DRF_RULE_ERRORS = (
    exceptions.NotAuthenticated,
    exceptions.AuthenticationFailed,
    exceptions.PermissionDenied,
    exceptions.Throttled,
)


def _messages(detail: Any) -> list[str]:
    """Every message of a (possibly nested) DRF error detail, as flat strings."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            # Errors of list items are keyed by index; say which item.
            prefix = f"Item {key}: " if isinstance(key, int) else f"{key}: "
            found.extend(prefix + message for message in _messages(value))
        return found
    if isinstance(detail, list):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


def field_errors(detail: Any) -> dict[str, list[str]]:
    """`{"field": ["message", …]}` from a DRF ValidationError's detail."""
    if not isinstance(detail, dict):
        return {"non_field_errors": _messages(detail)}
    return {str(field): _messages(messages) for field, messages in detail.items()}


def _renamed(path: tuple, names: Mapping[str, str]) -> tuple:
    return (names.get(path[0], path[0]), *path[1:]) if path else path


@contextlib.contextmanager
def fields_named(names: Mapping[str, str]) -> Iterator[None]:
    """Inside, a ValidationFailed of the core names its fields as this API's parameters do
    (`names` maps the core's argument names to them), in every REST dialect."""
    try:
        yield
    except domain.ValidationFailed as exc:
        paths = [(_renamed(path, names), text) for path, text in exc.paths]
        errors = {names.get(field, field): texts for field, texts in exc.errors.items()}
        raise type(exc)(exc.message, errors, paths) from exc


def domain_status(exc: domain.MusewaveError) -> int:
    """The HTTP status of a domain error, in every REST dialect."""
    return next(
        (code for cls, code in _DOMAIN_STATUS.items() if isinstance(exc, cls)),
        status.HTTP_400_BAD_REQUEST,
    )


def domain_headers(exc: domain.MusewaveError) -> dict[str, str]:
    """The headers that go with a domain error, in every REST dialect."""
    headers = {}
    if isinstance(exc, domain.Throttled):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, domain.AuthenticationRequired):
        # As DRF's own 401s do: name the scheme that would let the request through.
        headers["WWW-Authenticate"] = WWW_AUTHENTICATE
    return headers


def missing_or_too_large(exc: Exception, *, key: str, not_found: str) -> Response | None:
    """The 404 of an unknown object or path and the 413 of a body over its limit, the text under
    `key` as each dialect words its errors; None for any other failure."""
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response({key: not_found}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {key: "Request body is too large."}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    return None


def _domain_response(exc: domain.MusewaveError) -> Response:
    if isinstance(exc, domain.ValidationFailed) and exc.errors:
        body: dict[str, Any] = {"error": exc.errors}
    else:
        body = {"error": exc.message}
    return Response(body, status=domain_status(exc), headers=domain_headers(exc))


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every expected failure in the legacy formats."""
    if isinstance(exc, domain.MusewaveError):
        set_rollback()
        return _domain_response(exc)
    if (
        response := missing_or_too_large(exc, key="message", not_found=NOT_FOUND_MESSAGE)
    ) is not None:
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": field_errors(exc.detail)}
    elif isinstance(exc, _DRF_RULE_ERRORS):
        response.data = {"error": " ".join(_messages(exc.detail))}
    else:
        # Parse errors, unsupported media types, methods not allowed, …
        response.data = {"message": " ".join(_messages(exc.detail))}
    return response

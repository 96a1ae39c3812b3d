"""What every Express view shares: camelCase parsing and rendering, the dialect's errors, its
tolerant query parameters and its path lookups (an unknown object is `{"error": "… not found"}`)."""

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import QueryDict
from djangorestframework_camel_case.parser import CamelCaseFormParser, CamelCaseJSONParser
from djangorestframework_camel_case.util import underscoreize
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from rest_compat.base import (
    MAX_LIMIT,
    MAX_OFFSET,
    LegacyAPIView,
    LegacyJSONParser,
    serializer_context,
)
from rest_compat.express import errors
from rest_compat.express.serializers import issues
from rest_compat.renderers import FastCamelCaseJSONRenderer

T = TypeVar("T")

DEFAULT_LIMIT = 50
# Lists the original served whole are served up to the largest page.
UNPAGED_LIMIT = MAX_LIMIT
# Status of a repeated like, follow or play: the original answers 201 with the existing row.
REPEAT_STATUS = status.HTTP_201_CREATED
_LEADING_INTEGER = re.compile(r"^\s*([+-]?\d+)")


class ExpressJSONParser(CamelCaseJSONParser, LegacyJSONParser):
    """JSON as the legacy dialect parses it (strict, no NaN, depth-safe), keys snake-cased by
    the camel-case library."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = LegacyJSONParser.parse(self, stream, media_type, parser_context)
        return underscoreize(data, **self.json_underscoreize)


class ExpressDialect:
    """Mixed into a view (first), makes it speak the Express dialect."""

    parser_classes = [ExpressJSONParser, CamelCaseFormParser]
    renderer_classes = [FastCamelCaseJSONRenderer]
    # drf-spectacular's own schema: the legacy one describes the legacy error formats.
    schema = AutoSchema()

    def get_exception_handler(self):
        return errors.exception_handler


class ExpressAPIView(ExpressDialect, LegacyAPIView):
    """The base of the Express views: the legacy base's authentication and write throttles."""


def express_view(view: type[LegacyAPIView]) -> type[LegacyAPIView]:
    """A legacy view that differs from its Express counterpart only in casing and path, made to
    speak the Express dialect."""
    return type(f"Express{view.__name__}", (ExpressDialect, view), {"__module__": __name__})


def body(
    request: Request,
    serializer_class: type[serializers.Serializer],
    *,
    partial: bool = False,
    required: bool = False,
) -> dict[str, Any]:
    """The body validated by the endpoint's schema (unknown keys dropped). No body is `{}`
    unless `required`; a form body's repeated key counts once, with its first value."""
    data = request.data
    if request.stream is None and required:
        raise errors.SchemaInvalid([errors.type_issue([], "object", errors._MISSING)])
    if isinstance(data, QueryDict):
        data = {key: data.getlist(key)[0] for key in data}
    if not isinstance(data, dict):
        raise errors.SchemaInvalid([errors.type_issue([], "object", data)])
    serializer = serializer_class(data=data, partial=partial)
    if not serializer.is_valid():
        raise errors.SchemaInvalid(issues(serializer, serializer.errors, data, []))
    return dict(serializer.validated_data)


def raw_body(request: Request) -> dict[str, Any]:
    """The body as sent (snake-cased keys), `{}` when there is none or it is not an object."""
    data = request.data
    if isinstance(data, QueryDict):
        return {key: data.getlist(key)[0] for key in data}
    return data if isinstance(data, dict) else {}


def query(request: Request, name: str) -> str:
    """A query parameter's first value ("" when absent)."""
    values = request.query_params.getlist(name)
    return values[0] if values else ""


def leading_integer(text: str) -> int | None:
    """The integer a parameter starts with (`2abc` is 2), as the original read numbers."""
    match = _LEADING_INTEGER.match(text or "")
    return int(match.group(1)) if match else None


def page_bounds(request: Request, *, default_limit: int) -> tuple[int, int]:
    """`limit` and `offset`, tolerated: a limit below 1 or unreadable is the default, at most
    MAX_LIMIT; an unreadable or negative offset is 0."""
    limit = leading_integer(query(request, "limit"))
    offset = leading_integer(query(request, "offset"))
    limit = default_limit if limit is None or limit < 1 else min(limit, MAX_LIMIT)
    offset = 0 if offset is None or offset < 0 else min(offset, MAX_OFFSET)
    return limit, offset


def page(
    request: Request, items: QuerySet[T] | Sequence[T], *, default_limit: int = UNPAGED_LIMIT
) -> Sequence[T]:
    limit, offset = page_bounds(request, default_limit=default_limit)
    return items[offset : offset + limit]


def listing(
    request: Request,
    items: QuerySet | Sequence,
    serializer_class: type[serializers.Serializer],
    *,
    default_limit: int = UNPAGED_LIMIT,
) -> Response:
    """A bare JSON array of (a page of) `items`."""
    rows = page(request, items, default_limit=default_limit)
    context = serializer_context(request)
    return Response(serializer_class(rows, many=True, context=context).data)


def show(request: Request, serializer_class, instance, *, code: int = status.HTTP_200_OK, **ctx):
    """One object; `ctx` adds to (or overrides) the serializer context, e.g. the `viewer`."""
    context = {**serializer_context(request), **ctx}
    return Response(serializer_class(instance, context=context).data, status=code)


SUCCESS = {"success": True}

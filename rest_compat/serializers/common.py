"""What every domain's shapes share: UTC timestamps, optional text, pages, success and errors."""

from datetime import UTC

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def utc_timestamp(value, *, timespec: str = "microseconds") -> str:
    """`2026-02-09T10:00:00.123456Z` (or with `timespec="milliseconds"`, `….123Z`)."""
    return value.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


class UTCDateTimeField(serializers.DateTimeField):
    """Always UTC with microseconds, e.g. `2026-02-09T10:00:00.123456Z`; naive input is UTC."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        return utc_timestamp(value)


def optional_text(**kwargs) -> serializers.CharField:
    """An optional string that may be sent empty or null."""
    return serializers.CharField(required=False, allow_null=True, allow_blank=True, **kwargs)


def context_viewer(serializer: serializers.Serializer):
    """The requester, as the view passes it in the context (`serializer_context`); without it,
    anonymous, so that a forgotten context never shows more."""
    return serializer.context.get("viewer")


class SuccessSerializer(serializers.Serializer):
    success = serializers.BooleanField()


class MessageErrorSerializer(serializers.Serializer):
    """A request-level error: malformed JSON, media type, method, unknown object in the path."""

    message = serializers.CharField()


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        ]
    }
)
class ErrorDetailField(serializers.Field):
    """A message, or a map of field names to their messages."""


class ErrorSerializer(serializers.Serializer):
    """A validation error (`{"field": ["message"]}`) or a rule of the endpoint (a message)."""

    error = ErrorDetailField()


@extend_schema_field({"anyOf": [{"type": "integer"}, {"type": "string", "enum": [""]}]})
class QueryIntegerField(serializers.IntegerField):
    """An integer query parameter; sent empty (`?limit=`) it is the default, as if absent (as
    DRF reads query strings)."""


class PageParams(serializers.Serializer):
    limit = QueryIntegerField(
        required=False, help_text="Page size, 1–200 (default 50); out-of-range values are clamped."
    )
    offset = QueryIntegerField(required=False, help_text="Items to skip (default 0).")

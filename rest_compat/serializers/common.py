"""What every domain's shapes share: UTC timestamps, optional text, pages, success and errors."""

from datetime import UTC

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from musewave.http.links import absolute_url
from musewave.selectors import media


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


class MediaURLField(serializers.CharField):
    """A link to media worked out from the whole object (`url_of(instance)`: a stream link,
    a stored image), absolute against the request the view puts in the context."""

    def __init__(self, url_of, **kwargs):
        self.url_of = url_of
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return absolute_url(self.context.get("request"), self.url_of(instance))


def image_url_field(url_field: str) -> MediaURLField:
    """The URL of a stored image (`cover_url`, `avatar_url`, `header_url`: the large version),
    else the external one the field holds."""
    return MediaURLField(lambda instance: media.image_url(instance, url_field), allow_null=True)


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

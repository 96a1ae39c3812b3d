"""What every domain's shapes share: UTC timestamps, optional text, pages, success and errors."""

import copy
from collections.abc import Mapping
from datetime import UTC
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, is_simple_callable

from musewave.http.links import absolute_url
from musewave.selectors import media


def utc_timestamp(value) -> str:
    """`2026-02-09T10:00:00.123456Z`: in UTC, always with microseconds."""
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def in_milliseconds(timestamp: str) -> str:
    """A timestamp as `utc_timestamp` writes it (`….123456Z`), to milliseconds (`….123Z`):
    what isoformat writes with `timespec="milliseconds"`, as it truncates."""
    return timestamp[:-4] + "Z"


class ShapeListSerializer(serializers.ListSerializer):
    """A list of one shape; a queryset is read without the columns the shape never shows."""

    def to_representation(self, data):
        if isinstance(data, QuerySet) and self.child.unshown_fields:
            data = data.defer(*self.child.unshown_fields)
        return super().to_representation(data)


# An answer's shape: what DRF's Serializer gives, each field that names one attribute read
# straight from the object (DRF's generic attribute lookup costs more than the rest of a list's
# encoding). A comment, not a docstring: the OpenAPI description of a shape is its own docstring.
class Shape(serializers.Serializer):
    # Model fields the shape never reads (a large JSON column, say): lists leave them unread.
    unshown_fields: tuple[str, ...] = ()

    class Meta:
        list_serializer_class = ShapeListSerializer

    def get_fields(self) -> dict[str, serializers.Field]:
        # DRF deep-copies every declared field for every serializer, rebuilding each from its
        # arguments; a shape only reads, so a shallow copy of a field (bound to this shape
        # below) serves, and only nested shapes are built anew.
        return {
            name: copy.deepcopy(field)
            if isinstance(field, serializers.BaseSerializer)
            else copy.copy(field)
            for name, field in self._declared_fields.items()
        }

    @cached_property
    def _readers(self) -> list[tuple[str, str | None, serializers.Field, tuple[type, ...]]]:
        """(key, attribute read directly or None for DRF's own lookup, field, the types of
        value the field shows unchanged), in order."""
        readers = []
        for field in self._readable_fields:
            direct = (
                len(field.source_attrs) == 1
                and type(field).get_attribute is serializers.Field.get_attribute
            )
            readers.append(
                (
                    field.field_name,
                    field.source_attrs[0] if direct else None,
                    field,
                    _SHOWN_UNCHANGED.get(type(field).to_representation, ()),
                )
            )
        return readers

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        shown = {}
        for key, attribute, field, unchanged in self._readers:
            try:
                value = _read(instance, attribute, field)
            except SkipField:
                continue
            # The exact type, not isinstance: a subclass (a bool for an int) is converted.
            if value is None or type(value) in unchanged:
                shown[key] = value
            else:
                shown[key] = field.to_representation(value)
        return shown


# DRF fields whose representation of a value of these exact types is the value itself
# (`str(value)`, `int(value)`, ...): a shape skips the call (a twentieth of a list's encoding).
_SHOWN_UNCHANGED: dict[Any, tuple[type, ...]] = {
    serializers.CharField.to_representation: (str,),
    serializers.IntegerField.to_representation: (int,),
    serializers.FloatField.to_representation: (float,),
    serializers.BooleanField.to_representation: (bool,),
}


def _read(instance: Any, attribute: str | None, field: serializers.Field) -> Any:
    """`field`'s value on `instance`: the attribute itself where DRF would read just that one,
    else DRF's own lookup (which also decides what a missing attribute or object means)."""
    if attribute is not None:
        try:
            value = getattr(instance, attribute)
        except (AttributeError, ObjectDoesNotExist):
            pass
        else:
            return value() if callable(value) and is_simple_callable(value) else value
    return field.get_attribute(instance)


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
        return absolute_url(self._request, self.url_of(instance))

    @cached_property
    def _request(self):
        # Looked up once for a list's links, and Django's own request: DRF's passes each
        # attribute on to it, at a cost a hundred links feel.
        request = self.context.get("request")
        return getattr(request, "_request", request)


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

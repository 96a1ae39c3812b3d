"""Input helpers: partial updates carry only the fields the client sent."""

import dataclasses
from typing import Any

from django.core.files import File
from strawberry import UNSET

from musewave.errors import ValidationFailed


def provided_fields(data: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an input object the client set (explicit nulls included)."""
    return {
        f.name: getattr(data, f.name)
        for f in dataclasses.fields(data)
        if f.name not in exclude and getattr(data, f.name) is not UNSET
    }


def uploaded_file(value: Any, *, field: str) -> File | None:
    """An `Upload` argument's file. Files come only as parts of a multipart request; any other
    value (a string literal, say) is a validation error on that argument."""
    if value is None or isinstance(value, File):
        return value
    raise ValidationFailed.field(field, "Send a file, as a part of a multipart request.")

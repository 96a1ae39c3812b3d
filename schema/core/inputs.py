"""Input helpers: partial updates carry only the fields the client sent."""

import dataclasses
from typing import Any

from strawberry import UNSET


def provided_fields(data: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an input object the client set (explicit nulls included)."""
    return {
        f.name: getattr(data, f.name)
        for f in dataclasses.fields(data)
        if f.name not in exclude and getattr(data, f.name) is not UNSET
    }

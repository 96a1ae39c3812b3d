"""Scalars beyond GraphQL's own."""

import datetime
from typing import NewType

import strawberry
from strawberry.schema.types.base_scalars import isoformat, wrap_parser
from strawberry.types.scalar import ScalarDefinition

MAX_SAFE_INTEGER = 2**53 - 1  # the largest integer every JSON client reads exactly


def _parse_long(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("Long must be a whole number.")
    number = int(value)
    if not 0 <= number <= MAX_SAFE_INTEGER:
        raise ValueError(f"Long must be between 0 and {MAX_SAFE_INTEGER}.")
    return number


Long = NewType("Long", int)
LongDefinition = strawberry.scalar(
    name="Long",
    description="A whole number from 0 to 2^53 − 1 (GraphQL's `Int` stops at 2^31 − 1); "
    "used for sizes in bytes.",
    serialize=int,
    parse_value=_parse_long,
)


def _parse_utc_datetime(text: str) -> datetime.datetime:
    """An ISO 8601 date and time, read as UTC when it has no offset; it must stay within years
    1–9999 once in UTC, as the database stores it."""
    value = datetime.datetime.fromisoformat(text)
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    try:
        value.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError("It is outside years 1–9999 in UTC.") from None
    return value


DateTime = ScalarDefinition(
    name="DateTime",
    description="Date and time in ISO 8601, such as `2024-05-01T12:00:00+00:00`; "
    "read as UTC when it has no offset.",
    specified_by_url=None,
    serialize=isoformat,
    parse_value=wrap_parser(_parse_utc_datetime, "DateTime"),
    parse_literal=None,
    origin=datetime.datetime,
)
SCALAR_OVERRIDES = {datetime.datetime: DateTime}
SCALAR_MAP = {Long: LongDefinition}

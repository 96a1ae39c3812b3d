"""Helpers shared by the read selectors."""

from typing import Any
from uuid import UUID

from django.conf import settings

from musewave.errors import ValidationFailed


def parse_uuid(value: Any) -> UUID | None:
    """The UUID `value` names, or None when it is not one."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def malformed_id(value: Any, *, field: str) -> ValidationFailed:
    """The error for `value`, sent as `field`, that is not an id at all (400, not 404: it could
    never name anything)."""
    return ValidationFailed.field(field, f"“{value}” is not a valid UUID.")


def require_uuid(value: Any, *, field: str) -> UUID:
    """The UUID `value` names; ValidationFailed on `field` when it is not one (a well-formed id
    of nothing is the caller's NotFound)."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise malformed_id(value, field=field)
    return parsed


def chronological(*, oldest_first: bool = False) -> tuple[str, str]:
    """The order of rows by creation: newest first (the legacy REST and GraphQL order) or
    oldest first (storage order, as the Express dialect lists); ties broken by id."""
    return ("created_at", "id") if oldest_first else ("-created_at", "-id")


def drafts_public() -> bool:
    """Legacy deployments (no required auth) list drafts to everyone, as the old server did."""
    return not settings.MUSEWAVE_REQUIRE_AUTH

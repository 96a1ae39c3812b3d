"""Helpers shared by the read selectors."""

from typing import Any
from uuid import UUID

from django.conf import settings

from musewave.errors import NotFound


def parse_uuid(value: Any) -> UUID | None:
    """The UUID `value` names, or None when it is not one."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def require_uuid(value: Any, *, what: str) -> UUID:
    """An id that is not a UUID names nothing: NotFound, not a crash."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise NotFound(f"{what} not found")
    return parsed


def drafts_public() -> bool:
    """Legacy deployments (no required auth) list drafts to everyone, as the old server did."""
    return not settings.MUSEWAVE_REQUIRE_AUTH

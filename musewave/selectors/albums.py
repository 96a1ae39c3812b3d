"""Reads on albums (which have no drafts to hide: their tracks do)."""

from typing import Any

from django.db.models import QuerySet

from musewave.errors import NotFound
from musewave.models import Album
from musewave.selectors.common import chronological, require_uuid


def album_get(*, album_id: Any) -> Album:
    pk = require_uuid(album_id, field="album_id")
    try:
        return Album.objects.get(pk=pk)
    except Album.DoesNotExist:
        raise NotFound("Album not found") from None


def albums_of(*, owner_id: Any, oldest_first: bool = False) -> QuerySet[Album]:
    """An owner's albums, newest first (or oldest first); an unknown owner has none, a
    malformed id is ValidationFailed on `owner_id`."""
    pk = require_uuid(owner_id, field="owner_id")
    return Album.objects.filter(owner_id=pk).order_by(*chronological(oldest_first=oldest_first))


def albums_all() -> QuerySet[Album]:
    """Every album, newest first."""
    return Album.objects.order_by(*chronological())

"""Reads on tracks and albums, with the visibility rule for drafts."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Album, Track, User
from musewave.selectors.common import require_uuid

SORT_FIELDS = {
    "created_at": "created_at",
    "createdAt": "created_at",
    "published_at": "published_at",
    "publishedAt": "published_at",
    "plays": "plays",
    "likes": "likes",
    "downloads": "downloads",
    "title": "title",
}


def visible_tracks(*, viewer: User | None, include_drafts: bool = False) -> QuerySet[Track]:
    """Published tracks and the viewer's own drafts; every draft for staff or `include_drafts`."""
    tracks = Track.objects.all()
    if include_drafts or (viewer is not None and viewer.is_staff):
        return tracks
    if viewer is None:
        return tracks.filter(published=True)
    return tracks.filter(Q(published=True) | Q(owner=viewer))


def _has_tag(tag: str) -> Q:
    """Tracks whose tag list holds `tag`, on either database (JSON containment is not portable)."""
    if connection.vendor == "postgresql":
        return Q(tags__contains=[tag])
    table = Track._meta.db_table
    return Q(
        # Only the table name (ours) is interpolated; the tag is a bound parameter.
        pk__in=RawSQL(  # noqa: S611
            f'SELECT "{table}"."id" FROM "{table}", json_each("{table}"."tags") '  # noqa: S608
            "WHERE json_each.value = %s",
            (tag,),
        )
    )


def parse_tags(raw: str | Sequence[str] | None) -> list[str]:
    """Tags from a comma-separated string or a list, in their stored (lower-case) form."""
    if raw is None:
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return [t.strip().lower() for t in items if isinstance(t, str) and t.strip()]


def track_list(
    *,
    viewer: User | None,
    include_drafts: bool = False,
    owner_id: Any = None,
    genre: str | None = None,
    mood: str | None = None,
    tags: Sequence[str] = (),
    published: bool | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    album_id: Any = None,
    order_by: str = "created_at",
    descending: bool = True,
    owner_field: str = "owner_id",
) -> QuerySet[Track]:
    """Tracks the viewer may see, filtered and ordered (ties broken by id, for stable pages).

    A malformed `owner_id` or `album_id` is ValidationFailed on its field (`owner_field` is the
    name the caller's API gives the owner filter)."""
    if order_by not in SORT_FIELDS:
        raise ValidationFailed.field(
            "sortBy",
            f"Unknown sort field “{order_by}”; use one of {sorted(set(SORT_FIELDS.values()))}.",
        )
    tag_list = parse_tags(tags)
    for name, value in (("genre", genre), ("mood", mood), ("tags", ",".join(tag_list))):
        # PostgreSQL cannot compare text with NUL characters; nothing stored holds one.
        if isinstance(value, str) and "\x00" in value:
            raise ValidationFailed.field(name, "Null characters are not allowed.")
    tracks = visible_tracks(viewer=viewer, include_drafts=include_drafts)
    # A malformed id could never match: a 400 on its field, as everywhere (not an empty list).
    if owner_id is not None:
        tracks = tracks.filter(owner_id=require_uuid(owner_id, field=owner_field))
    if album_id is not None:
        tracks = tracks.filter(album_id=require_uuid(album_id, field="album_id"))
    if genre:
        tracks = tracks.filter(genre__iexact=genre)
    if mood:
        tracks = tracks.filter(mood__iexact=mood)
    for tag in tag_list:
        tracks = tracks.filter(_has_tag(tag))
    if published is not None:
        tracks = tracks.filter(published=published)
    if created_after is not None:
        tracks = tracks.filter(created_at__gte=created_after)
    if created_before is not None:
        tracks = tracks.filter(created_at__lt=created_before)
    name = SORT_FIELDS[order_by]
    # Only published_at can be null (drafts): those sort last. Asking for NULLS LAST on a
    # non-null column would keep PostgreSQL from walking its index.
    nulls_last = True if Track._meta.get_field(name).null else None
    field = F(name)
    primary = field.desc(nulls_last=nulls_last) if descending else field.asc(nulls_last=nulls_last)
    return tracks.order_by(primary, "-id" if descending else "id")


def track_get(*, track_id: Any, viewer: User | None, include_drafts: bool = False) -> Track:
    pk = require_uuid(track_id, field="track_id")
    try:
        return visible_tracks(viewer=viewer, include_drafts=include_drafts).get(pk=pk)
    except Track.DoesNotExist:
        raise NotFound("Track not found") from None


def album_get(*, album_id: Any) -> Album:
    pk = require_uuid(album_id, field="album_id")
    try:
        return Album.objects.get(pk=pk)
    except Album.DoesNotExist:
        raise NotFound("Album not found") from None


def album_list(*, owner_id: Any) -> QuerySet[Album]:
    """An owner's albums, newest first; an unknown owner has none, a malformed id is
    ValidationFailed on `owner_id`."""
    pk = require_uuid(owner_id, field="owner_id")
    return Album.objects.filter(owner_id=pk).order_by("-created_at", "-id")


def album_queryset() -> QuerySet[Album]:
    """Every album, newest first (albums have no drafts to hide)."""
    return Album.objects.order_by("-created_at", "-id")

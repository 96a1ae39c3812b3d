"""Reads on tracks, with the visibility rule for drafts, and on the rows that belong to a track
(likes, plays, downloads, comments) as lists of one track or of one user."""

import enum
import functools
import operator
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, TypedDict, TypeVar

from django.db import connection
from django.db.models import CharField, F, JSONField, Model, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Lower

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Track, User
from musewave.selectors.common import chronological, require_uuid

# The fields a track list sorts by: every stored field but the tags (a JSON list has no order).
TRACK_SORT_FIELDS = frozenset(
    field.attname for field in Track._meta.concrete_fields if not isinstance(field, JSONField)
)
M = TypeVar("M", bound=Model)


def tracks_visible(*, viewer: User | None, include_drafts: bool = False) -> QuerySet[Track]:
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


def tracks_filtered(
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
    order_by: str | None = "created_at",
    descending: bool = True,
    tags_match: Literal["all", "any"] = "all",
    locale_text: bool = False,
    ties_oldest_first: bool = False,
) -> QuerySet[Track]:
    """Tracks the viewer may see, filtered and ordered.

    `order_by` names one of TRACK_SORT_FIELDS (None: storage order, oldest first); ties are broken
    by id in the direction of the sort, or oldest first with `ties_oldest_first`. With
    `locale_text` text sorts as people read it (ignoring case, lower-case first on a tie)
    rather than by code point. `tags_match` says whether a track needs every listed tag or any.
    A malformed `owner_id` or `album_id` is ValidationFailed on its field.
    """
    if order_by is not None and order_by not in TRACK_SORT_FIELDS:
        raise ValidationFailed.field(
            "order_by",
            f"Unknown sort field “{order_by}”; use one of {sorted(TRACK_SORT_FIELDS)}.",
        )
    tag_list = parse_tags(tags)
    for name, value in (("genre", genre), ("mood", mood), ("tags", ",".join(tag_list))):
        # PostgreSQL cannot compare text with NUL characters; nothing stored holds one.
        if isinstance(value, str) and "\x00" in value:
            raise ValidationFailed.field(name, "Null characters are not allowed.")
    tracks = tracks_visible(viewer=viewer, include_drafts=include_drafts)
    # A malformed id could never match: a 400 on its field, as everywhere (not an empty list).
    if owner_id is not None:
        tracks = tracks.filter(owner_id=require_uuid(owner_id, field="owner_id"))
    if album_id is not None:
        tracks = tracks.filter(album_id=require_uuid(album_id, field="album_id"))
    if genre:
        tracks = tracks.filter(genre__iexact=genre)
    if mood:
        tracks = tracks.filter(mood__iexact=mood)
    if tags_match == "any" and tag_list:
        tracks = tracks.filter(functools.reduce(operator.or_, map(_has_tag, tag_list)))
    elif tag_list:
        for tag in tag_list:
            tracks = tracks.filter(_has_tag(tag))
    if published is not None:
        tracks = tracks.filter(published=published)
    if created_after is not None:
        tracks = tracks.filter(created_at__gte=created_after)
    if created_before is not None:
        tracks = tracks.filter(created_at__lt=created_before)
    if order_by is None:
        return tracks.order_by(*chronological(oldest_first=True))
    model_field = next(f for f in Track._meta.concrete_fields if f.attname == order_by)
    # Nullable columns (published_at of drafts, optional text) sort their nulls last. Asking
    # for NULLS LAST on a non-null column would keep PostgreSQL from walking its index.
    nulls_last = True if model_field.null else None

    def direction(expression, reverse: bool = False):
        down = descending != reverse
        return (
            expression.desc(nulls_last=nulls_last)
            if down
            else expression.asc(nulls_last=nulls_last)
        )

    if locale_text and isinstance(model_field, CharField | TextField):
        # Case-insensitively first; on a tie lower case first (the greater code point).
        binary = Collate(F(order_by), "C" if connection.vendor == "postgresql" else "BINARY")
        order = [direction(Lower(order_by)), direction(binary, reverse=True)]
    else:
        order = [direction(F(order_by))]
    ties = (
        chronological(oldest_first=True) if ties_oldest_first else ("-id" if descending else "id",)
    )
    return tracks.order_by(*order, *ties)


def track_get(
    *,
    track_id: Any,
    viewer: User | None,
    include_drafts: bool = False,
    defer: Sequence[str] = (),
) -> Track:
    """The track, if `viewer` may see it; `defer` names fields the caller never reads, left
    unloaded (read on access, as with QuerySet.defer)."""
    pk = require_uuid(track_id, field="track_id")
    tracks = tracks_visible(viewer=viewer, include_drafts=include_drafts)
    try:
        return (tracks.defer(*defer) if defer else tracks).get(pk=pk)
    except Track.DoesNotExist:
        raise NotFound("Track not found") from None


class _EveryTrack(enum.Enum):
    EVERY_TRACK = "every track"


# The default `viewer` of the lists below: rows of every track, drafts included, for callers
# that apply the visibility rule themselves or list the rows of a track they already looked up.
EVERY_TRACK = _EveryTrack.EVERY_TRACK
Viewer = User | None | _EveryTrack


class RowsOf(TypedDict, total=False):
    """Whose rows a list of likes, plays, downloads or comments holds, and which (`rows_of`)."""

    track_id: Any
    user_id: Any
    viewer: Viewer
    include_drafts: bool
    oldest_first: bool


def rows_of(
    model: type[M],
    *,
    track_id: Any = None,
    user_id: Any = None,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[M]:
    """Rows of `model` (a model with `track` and `user` keys) of one track or of one user: name
    exactly one of `track_id` and `user_id` (a malformed id is ValidationFailed on its field,
    an unknown one has no rows). Newest first (or oldest first); only those whose track
    `viewer` may see (`tracks_visible`) unless `viewer` is EVERY_TRACK or drafts are included."""
    if (track_id is None) == (user_id is None):
        raise TypeError("rows_of() takes exactly one of track_id and user_id")
    field, value = ("track_id", track_id) if user_id is None else ("user_id", user_id)
    rows = model.objects.filter(**{field: require_uuid(value, field=field)})
    if viewer is not EVERY_TRACK and not include_drafts:
        # With drafts included every track is visible: no subquery needed.
        rows = rows.filter(track__in=tracks_visible(viewer=viewer))
    return rows.order_by(*chronological(oldest_first=oldest_first))

"""Writes on albums. An album gathers only its owner's tracks."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction

from musewave.errors import ValidationFailed
from musewave.models import Album, Track, User
from musewave.selectors.common import parse_uuid
from musewave.services.common import (
    apply_changes,
    authorize_owner,
    check_required,
    check_required_kept,
    clean_instance,
    required_fields,
)

# What clients set on an album (the GraphQL inputs are generated from this list); the model says
# which a new album must have.
EDITABLE_FIELDS = (
    "title",
    "artist",
    "genre",
    "release_date",
    "description",
    "cover_url",
    "cover_gradient",
    "published",
)
REQUIRED_FIELDS = required_fields(Album, EDITABLE_FIELDS)


def _owned_track_ids(*, owner: User, track_ids: Sequence[Any]) -> list[UUID]:
    """Validate that every id names a track of `owner`; returns them as UUIDs."""
    parsed: list[UUID] = []
    errors: list[tuple[int, str]] = []
    for index, raw in enumerate(track_ids):
        pk = parse_uuid(raw)
        if pk is None:
            errors.append((index, f"“{raw}” is not a valid UUID."))
        else:
            parsed.append(pk)
    if not errors:
        owned = set(Track.objects.filter(owner=owner, pk__in=parsed).values_list("pk", flat=True))
        errors = [
            (index, f"Track {pk} does not exist or does not belong to this user.")
            for index, pk in enumerate(parsed)
            if pk not in owned
        ]
    if errors:
        raise ValidationFailed(
            errors[0][1],
            {"track_ids": [text for _, text in errors]},
            paths=[(("track_ids", index), text) for index, text in errors],
        )
    return list(dict.fromkeys(parsed))


def _set_tracks(*, album: Album, track_ids: list[UUID]) -> None:
    Track.objects.filter(album=album).exclude(pk__in=track_ids).update(album=None)
    Track.objects.filter(pk__in=track_ids).update(album=album)


@transaction.atomic
def album_create(
    *,
    actor: User,
    title: str,
    artist: str,
    genre: str,
    release_date: datetime,
    description: str | None = None,
    cover_url: str | None = None,
    cover_gradient: str | None = None,
    published: bool | None = False,
    track_ids: Sequence[Any] | None = None,
) -> Album:
    """Create an album owned by `actor`; the listed tracks (all `actor`'s) join it."""
    album = Album(
        owner=actor,
        title=title,
        artist=artist,
        genre=genre,
        release_date=release_date,
        description=description,
        cover_url=cover_url,
        cover_gradient=cover_gradient,
        published=bool(published),
    )
    check_required(vars(album), required=REQUIRED_FIELDS)
    clean_instance(album, exclude=["owner"])
    ids = _owned_track_ids(owner=actor, track_ids=track_ids or [])
    album.save(force_insert=True)
    _set_tracks(album=album, track_ids=ids)
    return album


@transaction.atomic
def album_update(
    *,
    actor: User | None,
    album: Album,
    data: dict[str, Any],
    track_ids: Sequence[Any] | None = None,
) -> Album:
    """Edit an album; when `track_ids` is given it becomes the album's exact track list."""
    authorize_owner(actor=actor, owner_id=album.owner_id)
    check_required_kept(data, required=REQUIRED_FIELDS)
    changed = apply_changes(instance=album, data=data, allowed=EDITABLE_FIELDS)
    clean_instance(album, exclude=["owner"])
    if track_ids is not None:
        ids = _owned_track_ids(owner=album.owner, track_ids=track_ids)
        _set_tracks(album=album, track_ids=ids)
        changed.append("updated_at")
    if changed:
        album.save(update_fields=list(dict.fromkeys([*changed, "updated_at"])))
    return album


@transaction.atomic
def album_delete(*, actor: User | None, album: Album) -> None:
    """Delete an album; its tracks stay, with no album."""
    authorize_owner(actor=actor, owner_id=album.owner_id)
    album.delete()

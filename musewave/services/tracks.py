"""Writes on tracks: upload metadata, edit, publish, delete."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Album, Track, User
from musewave.selectors.common import require_uuid
from musewave.services.common import (
    apply_changes,
    authorize_owner,
    check_known_fields,
    check_required,
    clean_instance,
)
from musewave.services.notifications import notifications_new_track
from musewave.services.playlists import playlists_track_duration_changed
from musewave.validators import check_web_url

REQUIRED_FIELDS = (
    "title",
    "artist",
    "artist_slug",
    "genre",
    "audio_url",
    "audio_file_size",
    "audio_duration",
    "audio_format",
)
OPTIONAL_FIELDS = (
    "description",
    "mood",
    "tags",
    "cover_url",
    "cover_gradient",
    "waveform_data",
    "bpm",
    "key",
    "published",
)
EDITABLE_FIELDS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS)
# Fields holding a URL the apps will load: only http: and https: URLs are stored.
URL_FIELDS = ("audio_url", "cover_url")


def normalize_tags(tags: Any) -> list[str]:
    """Tags are stored trimmed, lower-case and without repeats, in the order given."""
    if tags is None:
        return []
    if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
        raise ValidationFailed.field("tags", "Tags must be a list of strings.")
    max_tags, max_length = settings.MUSEWAVE_MAX_TAGS, settings.MUSEWAVE_MAX_TAG_CHARS
    seen: dict[str, None] = {}
    for tag in tags:
        tag = tag.strip().lower()
        if not tag:
            continue
        if "\x00" in tag:
            raise ValidationFailed.field("tags", "Null characters are not allowed.")
        if len(tag) > max_length:
            raise ValidationFailed.field("tags", f"Each tag has at most {max_length} characters.")
        seen.setdefault(tag, None)
    if len(seen) > max_tags:
        raise ValidationFailed.field("tags", f"A track has at most {max_tags} tags.")
    return list(seen)


def _check_track(track: Track) -> None:
    """The model's field rules, the bounds of the settings and the URL schemes."""
    clean_instance(track, exclude=["owner", "album"])
    for name in URL_FIELDS:
        check_web_url(field=name, value=getattr(track, name))


def _owned_album(*, owner_id: Any, album_id: Any) -> Album:
    """The album a track of `owner_id` may join: one of the same owner's."""
    album = Album.objects.filter(pk=require_uuid(album_id, field="album_id")).first()
    if album is None:
        raise NotFound("Album not found")
    if album.owner_id != owner_id:
        raise ValidationFailed.field("album_id", "The album belongs to another user.")
    return album


@transaction.atomic
def track_create(*, actor: User, album_id: Any = None, **fields: Any) -> Track:
    """Create a track owned by `actor`, optionally in one of `actor`'s albums. Counters start
    at 0; publishing sets `published_at`."""
    check_known_fields(fields, allowed=EDITABLE_FIELDS)
    check_required(fields, required=REQUIRED_FIELDS)
    fields["tags"] = normalize_tags(fields.get("tags"))
    fields["published"] = bool(fields.get("published") or False)
    track = Track(owner=actor, **fields)
    if album_id is not None:
        track.album = _owned_album(owner_id=actor.pk, album_id=album_id)
    if track.published:
        track.published_at = timezone.now()
    _check_track(track)
    track.save(force_insert=True)
    if track.published:
        notifications_new_track(track=track)
    return track


@transaction.atomic
def track_update(
    *, actor: User | None, track: Track, data: dict[str, Any], touch: bool = False
) -> Track:
    """Edit a track's metadata. Publishing (false → true) stamps `published_at`, and the first
    publication notifies the owner's followers; `album_id` moves the track into another of its
    owner's albums. With `touch` the track is saved (its `updated_at` moves) even when nothing
    changed, as the Express dialect's PATCH does."""
    authorize_owner(actor=actor, owner_id=track.owner_id)
    data = dict(data)
    album_id = data.pop("album_id", None)
    if "tags" in data:
        data["tags"] = normalize_tags(data["tags"])
    check_required(data, required=[name for name in REQUIRED_FIELDS if name in data])
    was_published = track.published
    first_publication = track.published_at is None
    changed = apply_changes(instance=track, data=data, allowed=EDITABLE_FIELDS)
    if track.published and not was_published:
        track.published_at = timezone.now()
        changed.append("published_at")
    if album_id is not None and album_id != str(track.album_id):
        track.album = _owned_album(owner_id=track.owner_id, album_id=album_id)
        changed.append("album")
    _check_track(track)
    if changed or touch:
        track.save(update_fields=[*changed, "updated_at"])
    if "audio_duration" in changed:
        playlists_track_duration_changed(track_id=track.pk)
    if track.published and not was_published and first_publication:
        # Followers hear of a track once, when it is first published.
        notifications_new_track(track=track)
    return track


@transaction.atomic
def track_delete(*, actor: User | None, track: Track) -> None:
    """Delete a track with its likes, plays, downloads and comments; its places in playlists
    go and the playlists close up (see `musewave.signals`)."""
    authorize_owner(actor=actor, owner_id=track.owner_id)
    track.delete()

"""Writes on tracks: upload metadata, edit, publish, delete."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from musewave.errors import ValidationFailed
from musewave.models import Track, User
from musewave.services.common import (
    apply_changes,
    authorize_owner,
    check_known_fields,
    check_required,
    clean_instance,
)
from musewave.services.notifications import notifications_new_track
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


@transaction.atomic
def track_create(*, actor: User, **fields: Any) -> Track:
    """Create a track owned by `actor`. Counters start at 0; publishing sets `published_at`."""
    check_known_fields(fields, allowed=EDITABLE_FIELDS)
    check_required(fields, required=REQUIRED_FIELDS)
    fields["tags"] = normalize_tags(fields.get("tags"))
    fields["published"] = bool(fields.get("published") or False)
    track = Track(owner=actor, **fields)
    if track.published:
        track.published_at = timezone.now()
    _check_track(track)
    track.save(force_insert=True)
    if track.published:
        notifications_new_track(track=track)
    return track


@transaction.atomic
def track_update(*, actor: User | None, track: Track, data: dict[str, Any]) -> Track:
    """Edit a track's metadata. Publishing (false → true) stamps `published_at`; the first
    publication notifies the owner's followers."""
    authorize_owner(actor=actor, owner_id=track.owner_id)
    data = dict(data)
    if "tags" in data:
        data["tags"] = normalize_tags(data["tags"])
    check_required(data, required=[name for name in REQUIRED_FIELDS if name in data])
    was_published = track.published
    first_publication = track.published_at is None
    changed = apply_changes(instance=track, data=data, allowed=EDITABLE_FIELDS)
    if track.published and not was_published:
        track.published_at = timezone.now()
        changed.append("published_at")
    _check_track(track)
    if changed:
        track.save(update_fields=[*changed, "updated_at"])
    if track.published and not was_published and first_publication:
        # Followers hear of a track once, when it is first published.
        notifications_new_track(track=track)
    return track


@transaction.atomic
def track_delete(*, actor: User | None, track: Track) -> None:
    """Delete a track with its likes, plays, downloads and comments."""
    authorize_owner(actor=actor, owner_id=track.owner_id)
    track.delete()

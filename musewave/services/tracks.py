"""Writes on tracks: upload audio or metadata, edit, publish, delete."""

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from musewave.errors import AuthenticationRequired, NotFound, ValidationFailed
from musewave.media import storage
from musewave.media.datauri import is_data_url
from musewave.media.images import ProcessedImage
from musewave.models import Album, ProcessingStatus, Track, User
from musewave.selectors.common import require_uuid
from musewave.services import ingest
from musewave.services.common import (
    apply_changes,
    authorize_owner,
    check_known_fields,
    check_required,
    check_required_kept,
    clean_instance,
    required_fields,
)
from musewave.services.live import track_processing_publish
from musewave.services.notifications import notifications_new_track
from musewave.services.playlists import playlists_track_duration_changed
from musewave.services.rollups import (
    rollups_artists_lock,
    rollups_artists_rebuild,
    rollups_track_duration_changed,
)
from musewave.validators import check_web_url

# What clients set on a track (the GraphQL inputs are generated from this list); the model says
# which a new track must have. Counters, files and what processing learns are the server's.
EDITABLE_FIELDS = (
    "title",
    "artist",
    "artist_slug",
    "genre",
    "audio_url",
    "audio_file_size",
    "audio_duration",
    "audio_format",
    "description",
    "mood",
    "tags",
    "cover_url",
    "cover_gradient",
    "waveform_data",
    "bpm",
    "key",
    "published",
    "downloadable",
)
REQUIRED_FIELDS = required_fields(Track, EDITABLE_FIELDS)
# Fields holding a URL the apps will load: only http: and https: URLs are stored (a `data:` URL
# is turned into a stored file, whose URL is then stored, before this check).
URL_FIELDS = ("audio_url", "cover_url")
# What a stored audio file says of itself; never taken from the client for such a track.
FILE_FACTS = ("audio_file_size", "audio_duration", "audio_format")
# Everything processing learns, cleared whenever the audio changes.
PROCESSED_FIELDS = ("waveform", "waveform_data", "loudness", "true_peak", "replay_gain")
AUDIO_DETAILS = ("audio_codec", "audio_bitrate", "audio_sample_rate", "audio_channels")
STORED_FILES = ("audio_file", "stream_file", "cover_file", "cover_small_file")

logger = logging.getLogger(__name__)


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


def track_duration_changed(*, track_id: Any) -> None:
    """After a track's duration changed, in that transaction: what is measured against it, the
    playlists' total durations and the figures comparing plays with the track's length."""
    playlists_track_duration_changed(track_id=track_id)
    rollups_track_duration_changed(track_id=track_id)


def unshared_track_files(*, names: list[str], track_id: Any) -> list[str]:
    """Of these stored files of a track, those that no other track uses: the ones to delete
    with it. (A large demo catalogue's tracks share a few processed files.)"""
    names = [name for name in names if name]
    if not names:
        return []
    uses = Q()
    for field in STORED_FILES:
        uses |= Q(**{f"{field}__in": names})
    shared = set()
    for row in Track.objects.filter(uses).exclude(pk=track_id).values_list(*STORED_FILES):
        shared.update(row)
    return [name for name in names if name not in shared]


def _check_track(track: Track) -> None:
    """The model's field rules, the bounds of the settings and the URL schemes."""
    clean_instance(track, exclude=["owner", "album"])
    for name in URL_FIELDS:
        check_web_url(field=name, value=getattr(track, name))


def _prefill(fields: dict[str, Any], audio: ingest.IncomingAudio, *, actor: User) -> None:
    """What the client left out, from the file's tags (the client's values win); a file without
    a title tag is named after its file name. Tags are only suggestions: a value that would not
    fit is left out rather than refused."""
    tags = audio.tags
    suggestions = {
        "title": (tags.title, audio.filename_title),
        "artist": (tags.artist,),
        "genre": (tags.genre,),
        "key": (tags.key,),
    }
    for name, candidates in suggestions.items():
        if fields.get(name) not in (None, ""):
            continue
        limit = Track._meta.get_field(name).max_length
        fitting = [value for value in candidates if value and len(value) <= limit]
        if fitting:
            fields[name] = fitting[0]
    if fields.get("bpm") in (None, "") and tags.bpm and tags.bpm <= settings.MUSEWAVE_MAX_BPM:
        fields["bpm"] = tags.bpm
    if fields.get("artist") in (None, ""):
        fields["artist"] = actor.display_name or actor.username
    if fields.get("artist_slug") in (None, "") and fields.get("artist"):
        fields["artist_slug"] = slugify(fields["artist"])[:200] or actor.username


def _store_audio(
    track: Track, audio: ingest.IncomingAudio, *, stored: storage.StoredFiles
) -> list[str]:
    """Make `audio` the track's original, waiting for processing. Returns the names of the
    files it replaces."""
    old = ingest.file_names(track, "audio_file", "stream_file")
    info = audio.info
    name = stored.save("audio", info.extension, audio.file)
    track.audio_file = name
    track.stream_file = ""
    track.audio_url = storage.file_url(name)
    track.audio_file_size = audio.file.size
    track.audio_duration = info.duration
    track.audio_format = info.format
    track.audio_codec = info.codec
    track.audio_bitrate = info.bitrate
    track.audio_sample_rate = info.sample_rate
    track.audio_channels = info.channels
    for name in PROCESSED_FIELDS:
        setattr(track, name, None)
    track.processing_status = ProcessingStatus.PENDING
    track.processing_error = None
    return old


def _forget_audio(track: Track) -> list[str]:
    """The track now points at an external audio_url: nothing to process."""
    old = ingest.file_names(track, "audio_file", "stream_file")
    track.audio_file = ""
    track.stream_file = ""
    for name in (*PROCESSED_FIELDS, *AUDIO_DETAILS):
        if name != "waveform_data":
            setattr(track, name, None)
    track.processing_status = ProcessingStatus.READY
    track.processing_error = None
    return old


def _embedded_cover(audio: ingest.IncomingAudio) -> ProcessedImage | None:
    if not audio.tags.picture:
        return None
    try:
        return ingest.image_check(audio.tags.picture, field="audio", square=True, cover=True)
    except ValidationFailed:
        return None  # unusable embedded art is no reason to refuse the audio


def _schedule_processing(track: Track) -> None:
    """Process the audio in the background once this transaction has committed."""
    track_id = str(track.pk)
    track_processing_publish(track_id=track.pk)

    def enqueue() -> None:
        from musewave.media.tasks import process_track_audio

        try:
            process_track_audio.delay(track_id)
        except Exception:  # the broker is down: the track stays pending for reprocess_tracks
            logger.exception("Could not queue the processing of track %s", track_id)

    transaction.on_commit(enqueue)


def _take_data_audio(data: dict[str, Any]) -> ingest.IncomingAudio | None:
    value = data.get("audio_url")
    if not is_data_url(value):
        return None
    audio = ingest.data_audio(value, field="audio_url")
    del data["audio_url"]
    for name in FILE_FACTS:
        data.pop(name, None)
    return audio


def _owned_album(*, owner_id: Any, album_id: Any) -> Album:
    """The album a track of `owner_id` may join: one of the same owner's."""
    album = Album.objects.filter(pk=require_uuid(album_id, field="album_id")).first()
    if album is None:
        raise NotFound("Album not found", field="album_id")
    if album.owner_id != owner_id:
        raise ValidationFailed.field("album_id", "The album belongs to another user.")
    return album


def _create(
    *,
    actor: User,
    album_id: Any = None,
    fields: dict[str, Any],
    audio: ingest.IncomingAudio | None,
    images: dict[str, ProcessedImage],
    embedded_cover: bool,
) -> Track:
    check_known_fields(fields, allowed=EDITABLE_FIELDS)
    if audio is not None:
        for name in FILE_FACTS:
            fields.pop(name, None)
        _prefill(fields, audio, actor=actor)
        if embedded_cover and "cover_url" not in images and not fields.get("cover_url"):
            cover = _embedded_cover(audio)
            if cover is not None:
                images["cover_url"] = cover
    check_required(
        fields,
        required=[
            n for n in REQUIRED_FIELDS if audio is None or n not in (*FILE_FACTS, "audio_url")
        ],
    )
    fields["tags"] = normalize_tags(fields.get("tags"))
    fields["published"] = bool(fields.get("published") or False)
    with storage.StoredFiles() as stored, transaction.atomic():
        track = Track(owner=actor, **fields)
        if album_id is not None:
            track.album = _owned_album(owner_id=actor.pk, album_id=album_id)
        if track.published:
            track.published_at = timezone.now()
        if audio is not None:
            _store_audio(track, audio, stored=stored)
        ingest.apply_images(
            track,
            images=images,
            stored=stored,
            folders=ingest.TRACK_IMAGES,
        )
        _check_track(track)
        track.save(force_insert=True)
        if audio is not None:
            _schedule_processing(track)
        if track.published:
            notifications_new_track(track=track)
    return track


@transaction.atomic
def track_create(
    *,
    actor: User,
    title: str,
    artist: str,
    artist_slug: str,
    genre: str,
    audio_url: str,
    audio_file_size: int | None = None,
    audio_duration: float | None = None,
    audio_format: str | None = None,
    album_id: Any = None,
    description: str | None = None,
    mood: str | None = None,
    tags: Sequence[str] | None = None,
    cover_url: str | None = None,
    cover_gradient: str | None = None,
    waveform_data: str | None = None,
    bpm: int | None = None,
    key: str | None = None,
    published: bool | None = False,
    downloadable: bool = True,
) -> Track:
    """Create a track owned by `actor`, optionally in one of `actor`'s albums. Counters start
    at 0; publishing sets `published_at`.

    `audio_url` and `cover_url` may be `data:` URLs (the legacy clients' uploads): the file is
    checked and stored as an upload would be, and the field then holds its URL; the audio's
    size, duration and format, required otherwise, then come from the file.
    """
    fields = {
        "title": title,
        "artist": artist,
        "artist_slug": artist_slug,
        "genre": genre,
        "audio_url": audio_url,
        "audio_file_size": audio_file_size,
        "audio_duration": audio_duration,
        "audio_format": audio_format,
        "description": description,
        "mood": mood,
        "tags": tags,
        "cover_url": cover_url,
        "cover_gradient": cover_gradient,
        "waveform_data": waveform_data,
        "bpm": bpm,
        "key": key,
        "published": published,
        "downloadable": downloadable,
    }
    audio = _take_data_audio(fields)
    images = ingest.take_data_images(fields, folders=ingest.TRACK_IMAGES)
    return _create(
        actor=actor,
        album_id=album_id,
        fields=fields,
        audio=audio,
        images=images,
        embedded_cover=True,
    )


@transaction.atomic
def track_upload(
    *, actor: User | None, audio: File, cover: File | None = None, **fields: Any
) -> Track:
    """Create a track from an uploaded audio file (and cover image).

    The audio is decoded to be accepted; its size, duration and format come from the file, and
    its tags fill in the title, artist, genre, BPM, key and cover that the client left out.
    Processing (waveform, loudness, streaming rendition) runs in the background after commit.
    """
    if actor is None:
        raise AuthenticationRequired("Uploading a track needs a signed-in user.")
    incoming = ingest.audio_check(audio, field="audio")
    images = {}
    if cover is not None:
        images["cover_url"] = ingest.image_check(cover, field="cover", square=True, cover=True)
        fields.pop("cover_url", None)
    images.update(ingest.take_data_images(fields, folders=ingest.TRACK_IMAGES))
    return _create(actor=actor, fields=fields, audio=incoming, images=images, embedded_cover=True)


@transaction.atomic
def track_update(
    *, actor: User | None, track: Track, data: dict[str, Any], touch: bool = False
) -> Track:
    """Edit a track's metadata. Publishing (false → true) stamps `published_at`, and the first
    publication notifies the owner's followers; `album_id` moves the track into another of its
    owner's albums. With `touch` the track is saved (its `updated_at` moves) even when nothing
    changed, as the Express dialect's PATCH does.

    A `data:` URL in `audio_url` replaces the audio (processed again), in `cover_url` the cover;
    another URL in their place forgets the stored file. Replaced files are deleted after commit.
    """
    authorize_owner(actor=actor, owner_id=track.owner_id)
    data = dict(data)
    album_id = data.pop("album_id", None)
    audio = _take_data_audio(data)
    images = ingest.take_data_images(data, folders=ingest.TRACK_IMAGES)
    return _update(
        track=track, data=data, audio=audio, images=images, album_id=album_id, touch=touch
    )


@transaction.atomic
def track_cover_set(*, actor: User | None, track: Track, cover: File) -> Track:
    """Replace a track's cover with an uploaded image."""
    authorize_owner(actor=actor, owner_id=track.owner_id)
    image = ingest.image_check(cover, field="cover", square=True, cover=True)
    return _update(track=track, data={}, audio=None, images={"cover_url": image})


def _update(
    *,
    track: Track,
    data: dict[str, Any],
    audio: ingest.IncomingAudio | None,
    images: dict[str, ProcessedImage],
    album_id: Any = None,
    touch: bool = False,
) -> Track:
    if "tags" in data:
        data["tags"] = normalize_tags(data["tags"])
    ingest.drop_echoed_urls(track, data, fields=URL_FIELDS)
    if audio is not None or (track.audio_file and "audio_url" not in data):
        for name in FILE_FACTS:  # the stored file says these
            data.pop(name, None)
    check_required_kept(data, required=REQUIRED_FIELDS)
    was_published = track.published
    first_publication = track.published_at is None
    publishing_changes = "published" in data and bool(data["published"]) != was_published
    with storage.StoredFiles() as stored, transaction.atomic():
        if publishing_changes:
            # The artist's published listeners change with it: locks first, in their order.
            rollups_artists_lock(owner_ids=[track.owner_id])
        old_audio_url = track.audio_url
        changed = apply_changes(instance=track, data=data, allowed=EDITABLE_FIELDS)
        replaced: list[str] = []
        if audio is not None:
            replaced += _store_audio(track, audio, stored=stored)
            changed += ["audio_url", "audio_file", "stream_file", *FILE_FACTS, *AUDIO_DETAILS]
            changed += [*PROCESSED_FIELDS, "processing_status", "processing_error"]
        elif "audio_url" in changed and track.audio_url != old_audio_url and track.audio_file:
            replaced += _forget_audio(track)
            changed += ["audio_file", "stream_file", *AUDIO_DETAILS, *PROCESSED_FIELDS]
            changed += ["processing_status", "processing_error"]
        image_fields, old_images = ingest.apply_images(
            track,
            images=images,
            stored=stored,
            folders=ingest.TRACK_IMAGES,
            changed_fields=changed,
        )
        changed += image_fields
        replaced += old_images
        if track.published and not was_published:
            track.published_at = timezone.now()
            changed.append("published_at")
        if album_id is not None and album_id != str(track.album_id):
            track.album = _owned_album(owner_id=track.owner_id, album_id=album_id)
            changed.append("album")
        _check_track(track)
        if changed or touch:
            track.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
        if publishing_changes:
            rollups_artists_rebuild(owner_ids=[track.owner_id])
        storage.delete_on_commit(unshared_track_files(names=replaced, track_id=track.pk))
        if "audio_duration" in changed:
            track_duration_changed(track_id=track.pk)
        if audio is not None:
            _schedule_processing(track)
        if track.published and not was_published and first_publication:
            # Followers hear of a track once, when it is first published.
            notifications_new_track(track=track)
    return track


@transaction.atomic
def track_delete(*, actor: User | None, track: Track) -> None:
    """Delete a track with its likes, plays, downloads and comments, and (after commit) its
    stored files; its places in playlists go and the playlists close up (see
    `musewave.signals`)."""
    authorize_owner(actor=actor, owner_id=track.owner_id)
    names = unshared_track_files(names=ingest.file_names(track, *STORED_FILES), track_id=track.pk)
    # Its listeners may have been the artist's only through it: locks first, in their order.
    rollups_artists_lock(owner_ids=[track.owner_id])
    track.delete()
    rollups_artists_rebuild(owner_ids=[track.owner_id])
    storage.delete_on_commit(names)

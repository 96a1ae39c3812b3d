"""Which stored file a caller may have, and where media is found.

- A track's stream is its streaming rendition, or its original while there is none or when
  processing failed; a track from an external `audio_url` streams from there.
- A draft's media is only for its owner and staff, whatever the deployment's mode, or for
  whoever holds a signed, expiring stream link (`track_stream_link`), which an `<audio>`
  element can follow without a header.
- A download is the original, for anyone who may see the track while it is `downloadable`,
  else for its owner and staff only.
- Images are served from their stored files (a cover, avatar or header in 1000 px and 300 px),
  else from the external URL the client set.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from musewave.errors import NotFound, PermissionDenied
from musewave.http.delivery import ExternalMedia, Media, StoredMedia
from musewave.media import storage
from musewave.media.probe import CONTENT_TYPES
from musewave.models import ProcessingStatus, Track, User
from musewave.selectors.common import require_uuid
from musewave.selectors.tracks import tracks_visible

# The route of a track's stream (declared with the other legacy paths in rest_compat/urls.py).
STREAM_ROUTE = "rest_compat:track-stream"
_SIGNING_SALT = "musewave.track-stream"
# Longest "<artist> - <title>" of a download's file name, in characters.
MAX_FILENAME_CHARS = 150
# Characters no file name may hold on common systems.
_UNSAFE_IN_FILENAMES = re.compile(r'[/\\:*?"<>|]')
# What delivering a track's audio reads of it.
_DELIVERY_FIELDS = (
    "owner_id",
    "title",
    "artist",
    "published",
    "downloadable",
    "audio_url",
    "audio_file",
    "audio_file_size",
    "stream_file",
    "processing_status",
)
# Each image's URL field → its stored files: (1000 px, 300 px).
IMAGE_FILES = {
    "cover_url": ("cover_file", "cover_small_file"),
    "avatar_url": ("avatar_file", "avatar_small_file"),
    "header_url": ("header_file", "header_small_file"),
}


@dataclass(frozen=True)
class StreamSignature:
    """The `sig` and `exp` query parameters of a signed stream link, as the client sent them."""

    sig: str
    exp: str


@dataclass(frozen=True)
class StreamLink:
    """Where a track streams: a path (with its signed query for a draft) and, for a signed
    one, when it stops working."""

    path: str
    expires_at: datetime | None


@dataclass(frozen=True)
class TrackMedia:
    track: Track
    media: Media


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SIGNING_SALT)


def _signed_value(track_id: Any, expires: int | str) -> str:
    return f"{track_id}:{expires}"


# Stands for a track's id in the stream route reversed once; no id can hold it.
_TRACK_ID_SLOT = "__track_id__"


@functools.lru_cache(maxsize=16)
def _stream_path_format(script_prefix: str) -> str:
    # Reversing the route costs more than the rest of a track's shape: a list of 50 tracks
    # reverses it once per prefix the app is served under, not once per track.
    return reverse(STREAM_ROUTE, kwargs={"track_id": _TRACK_ID_SLOT}).rstrip("/") + "/"


def _stream_path(track_id: Any) -> str:
    head, _, tail = _stream_path_format(get_script_prefix()).rpartition(_TRACK_ID_SLOT)
    return f"{head}{track_id}{tail}"


def track_stream_link(*, track: Track) -> StreamLink:
    """The stream of `track`: a plain path for a published track (every listener and cache
    shares it), a path signed for MUSEWAVE_STREAM_URL_SECONDS for a draft. Only for callers
    who may see the track."""
    path = _stream_path(track.pk)
    if track.published:
        return StreamLink(path=path, expires_at=None)
    expires = int(timezone.now().timestamp()) + settings.MUSEWAVE_STREAM_URL_SECONDS
    signed = _signer().sign(_signed_value(track.pk, expires))
    signature = signed.rpartition(_signer().sep)[2]
    return StreamLink(
        path=f"{path}?{urlencode({'sig': signature, 'exp': expires})}",
        expires_at=datetime.fromtimestamp(expires, UTC),
    )


def track_audio_url(*, track: Track) -> str:
    """The URL a player loads: the stream of an uploaded track (signed for a draft), the
    external `audio_url` otherwise."""
    return track_stream_link(track=track).path if track.audio_file else track.audio_url


def _check_signature(track_id: Any, signature: StreamSignature) -> None:
    """PermissionDenied unless `signature` is a current one of this track's stream."""
    try:
        _signer().unsign(f"{_signed_value(track_id, signature.exp)}{_signer().sep}{signature.sig}")
    except signing.BadSignature:
        raise PermissionDenied("This stream link is not valid.") from None
    if int(signature.exp) < timezone.now().timestamp():
        raise PermissionDenied("This stream link has expired; ask for a new one.")


def _media_track(*, track_id: Any, viewer: User | None, signed: bool) -> Track:
    """The track whose media `viewer` may have: published, or a draft of their own (any for
    staff, or one a valid signature opens). Drafts stay private in every mode of the
    deployment. Only the columns delivery needs are read (not the waveform, say): every seek
    of every listener comes through here."""
    pk = require_uuid(track_id, field="track_id")
    tracks = tracks_visible(viewer=viewer, include_drafts=signed).only(*_DELIVERY_FIELDS)
    try:
        return tracks.get(pk=pk)
    except Track.DoesNotExist:
        raise NotFound("Track not found") from None


def _content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rpartition(".")[2].lower(), "application/octet-stream")


def track_stream_get(
    *, track_id: Any, viewer: User | None, signature: StreamSignature | None = None
) -> TrackMedia:
    """What the stream of a track sends. NotFound for a track the viewer may not have (another
    user's draft without a signature); PermissionDenied for a signature that is tampered with,
    expired or another track's."""
    pk = require_uuid(track_id, field="track_id")
    if signature is not None:
        _check_signature(pk, signature)
    track = _media_track(track_id=pk, viewer=viewer, signed=signature is not None)
    if not track.audio_file:
        return TrackMedia(track, ExternalMedia(url=track.audio_url, shared_cache=track.published))
    use_rendition = track.stream_file and track.processing_status != ProcessingStatus.FAILED
    name = (track.stream_file if use_rendition else track.audio_file).name
    return TrackMedia(
        track,
        StoredMedia(name=name, content_type=_content_type(name), shared_cache=track.published),
    )


def download_filename(track: Track) -> str:
    """`<artist> - <title>.<ext>` without characters a file name cannot hold (path separators,
    reserved and control characters), shortened to MAX_FILENAME_CHARS."""
    stem = " - ".join(part for part in (track.artist, track.title) if part.strip())
    stem = "".join(
        " " if unicodedata.category(c).startswith("C") else c
        for c in unicodedata.normalize("NFC", stem)
    )
    stem = " ".join(_UNSAFE_IN_FILENAMES.sub(" ", stem).split())
    stem = stem[:MAX_FILENAME_CHARS].strip(" .") or "track"
    return f"{stem}.{track.audio_file.name.rpartition('.')[2]}"


def track_file_get(*, track_id: Any, viewer: User | None) -> TrackMedia:
    """What the download of a track sends: its original, as an attachment. NotFound as for the
    stream; PermissionDenied for a track that is not `downloadable`, except to its owner and
    staff."""
    track = _media_track(track_id=track_id, viewer=viewer, signed=False)
    if not track.downloadable and not (
        viewer is not None and (viewer.is_staff or viewer.pk == track.owner_id)
    ):
        raise PermissionDenied("The artist does not offer this track for download.")
    if not track.audio_file:
        return TrackMedia(track, ExternalMedia(url=track.audio_url, shared_cache=False))
    name = track.audio_file.name
    return TrackMedia(
        track,
        StoredMedia(
            name=name,
            content_type=_content_type(name),
            shared_cache=False,  # every download goes through the app, to be counted
            attachment=download_filename(track),
            size=track.audio_file_size,
        ),
    )


def image_url(instance: models.Model, url_field: str, *, small: bool = False) -> str | None:
    """The URL of an image of a track or user (`cover_url`, `avatar_url`, `header_url`): its
    stored file's (the 1000 px version, or the 300 px one with `small`), else the external URL
    in the field itself."""
    large_field, small_field = IMAGE_FILES[url_field]
    stored = getattr(instance, small_field if small else large_field) or getattr(
        instance, large_field
    )
    if stored:
        return storage.file_url(stored.name)
    return getattr(instance, url_field)


def _same_path(url: Any, other: str) -> bool:
    return isinstance(url, str) and bool(url) and urlsplit(url).path == urlsplit(other).path


def stored_file_shown(instance: models.Model, url_field: str, url: Any) -> bool:
    """Whether `url`, sent back by a client in `url_field`, is one the APIs show for the file
    stored there (whatever its host and query, which the storage may sign): no change."""
    if url_field == "audio_url":
        if not getattr(instance, "audio_file", None):
            return False
        shown = [_stream_path(instance.pk), storage.file_url(instance.audio_file.name)]
    elif url_field in IMAGE_FILES:
        shown = [
            storage.file_url(getattr(instance, name).name)
            for name in IMAGE_FILES[url_field]
            if getattr(instance, name)
        ]
    else:
        return False
    return any(_same_path(url, path) or _same_path(url, path.rstrip("/")) for path in shown)

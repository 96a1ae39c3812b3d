"""The `Track` type. A draft (unpublished track) is visible only to its owner, wherever it
appears: every Track queryset, root or nested, passes through `get_queryset` below."""

import dataclasses
from enum import Enum
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from musewave.media import waveform as waveforms
from musewave.models import ProcessingStatus, Track
from musewave.selectors import counts
from musewave.selectors.social import comments_of
from musewave.selectors.tracks import tracks_visible
from schema.core.errors import ClientError, ErrorCode
from schema.core.fields import annotated, from_source
from schema.core.pagination import offset_list
from schema.core.refs import AlbumRef, CommentRef, UserRef
from schema.core.scalars import Long
from schema.core.viewer import get_viewer


@strawberry.enum(
    name="ProcessingStatus",
    description="Where the background processing of a track's uploaded audio stands.",
)
class ProcessingStatusEnum(Enum):
    PENDING = strawberry.enum_value(
        ProcessingStatus.PENDING.value, description="Uploaded; waiting for the background job."
    )
    PROCESSING = strawberry.enum_value(
        ProcessingStatus.PROCESSING.value, description="The background job is running."
    )
    READY = strawberry.enum_value(
        ProcessingStatus.READY.value,
        description="Processed (or an external audio URL, which needs no processing).",
    )
    FAILED = strawberry.enum_value(
        ProcessingStatus.FAILED.value, description="Processing failed; see processingError."
    )


@strawberry.type(
    name="TrackAudio",
    description="What the audio file says of itself and what processing measured; null where "
    "unknown (an external audio URL, or processing not done yet).",
)
class TrackAudio:
    # Named as the track's columns, from which `audio` copies them.
    audio_codec: str | None = strawberry.field(
        name="codec", description="Codec, such as `mp3`, `aac` or `flac`."
    )
    audio_bitrate: int | None = strawberry.field(name="bitrate", description="Bits per second.")
    audio_sample_rate: int | None = strawberry.field(
        name="sampleRate", description="Samples per second (Hz)."
    )
    audio_channels: int | None = strawberry.field(
        name="channels", description="Number of channels."
    )
    loudness: float | None = strawberry.field(description="EBU R128 integrated loudness, LUFS.")
    true_peak: float | None = strawberry.field(description="True peak, dBTP.")
    replay_gain: float | None = strawberry.field(
        description="Gain in dB that plays the track at -18 LUFS (ReplayGain 2.0)."
    )


AUDIO_FIELDS = [field.name for field in dataclasses.fields(TrackAudio)]


@strawberry_django.type(
    Track,
    name="Track",
    description="A recording with its audio metadata and popularity counters; a draft "
    "(`published: false`) is visible only to its owner.",
)
class TrackType:
    id: strawberry.ID = strawberry_django.field(description="The track's id (a UUID).")
    owner: UserRef = strawberry_django.field(description="The user who uploaded the track.")
    album: AlbumRef | None = strawberry_django.field(
        description="The album the track belongs to, if any."
    )
    title: str = strawberry_django.field(description="Title of the track.")
    artist: str = strawberry_django.field(description="Artist name as shown on the track.")
    artist_slug: str = strawberry_django.field(description="URL-friendly artist name.")
    description: str | None = strawberry_django.field(description="Free-text description.")
    genre: str = strawberry_django.field(description="Musical genre.")
    mood: str | None = strawberry_django.field(description="Mood, such as `happy` or `calm`.")
    tags: list[str] = strawberry_django.field(description="Lower-case tags.")
    audio_url: str = strawberry_django.field(description="URL of the audio file.")
    audio_file_size: Long = strawberry_django.field(description="Size of the audio file in bytes.")
    audio_duration: float = strawberry_django.field(description="Duration in seconds.")
    audio_format: str = strawberry_django.field(description="Audio format, such as `mp3`.")
    cover_url: str | None = strawberry_django.field(description="URL of the cover image.")
    cover_gradient: str | None = strawberry_django.field(
        description="CSS gradient shown when there is no cover image."
    )
    waveform_data: str | None = strawberry_django.field(
        description="Serialized waveform peaks for the player."
    )
    bpm: int | None = strawberry_django.field(description="Tempo in beats per minute.")
    key: str | None = strawberry_django.field(description="Musical key, such as `C#m`.")
    plays: int = strawberry_django.field(description="How many times the track was played.")
    likes: int = strawberry_django.field(description="How many users like the track.")
    downloads: int = strawberry_django.field(description="How many times it was downloaded.")
    shares: int = strawberry_django.field(description="How many times it was shared.")
    published: bool = strawberry_django.field(
        description="Whether the track is public; drafts are visible only to their owner."
    )
    published_at: strawberry.auto = strawberry_django.field(
        description="When the track was first published; null for a draft never published."
    )
    created_at: strawberry.auto = strawberry_django.field(description="When it was uploaded.")
    updated_at: strawberry.auto = strawberry_django.field(description="When it last changed.")
    comments: list[CommentRef] = offset_list(description="Comments on the track, newest first.")

    @strawberry_django.field(
        only=["processing_status"], description="Where the processing of uploaded audio stands."
    )
    def processing_status(self, root: Track) -> ProcessingStatusEnum:
        return ProcessingStatusEnum(root.processing_status)

    processing_error: str | None = strawberry_django.field(
        description="Why processing failed, when it did."
    )

    @strawberry_django.field(only=AUDIO_FIELDS, description="Technical facts of the audio.")
    def audio(self, root: Track) -> TrackAudio:
        return from_source(TrackAudio, root)

    @strawberry_django.field(
        only=["waveform"],
        description="Waveform peaks (0–1, loudest = 1) resampled to `points` values; null "
        "until processing is done.",
    )
    def waveform(
        self,
        root: Track,
        points: Annotated[
            int,
            strawberry.argument(description=f"How many values, 1–{waveforms.MAX_POINTS}."),
        ] = 200,
    ) -> list[float] | None:
        if not 1 <= points <= waveforms.MAX_POINTS:
            raise ClientError(
                f"points must be between 1 and {waveforms.MAX_POINTS}.", code=ErrorCode.INVALID
            )
        if not root.waveform:
            return None
        return [round(v, 4) for v in waveforms.resample(root.waveform["peaks"], points)]

    comment_count: int = annotated(
        lambda info: counts.comment_count(),
        fallback=lambda track, info: comments_of(track_id=track.pk).count(),
        description="How many comments the track has.",
    )

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Track], info: Info, **kwargs) -> QuerySet[Track]:
        return queryset & tracks_visible(viewer=get_viewer(info))

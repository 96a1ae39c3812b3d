"""Filtering, ordering and write inputs of tracks."""

import datetime
from enum import Enum

import strawberry
from strawberry import UNSET

from musewave.models import User
from musewave.selectors.tracks import tracks_filtered
from schema.core.scalars import Long


@strawberry.enum(name="TrackSortField", description="What a list of tracks is ordered by.")
class TrackSortField(Enum):
    CREATED_AT = strawberry.enum_value("created_at", description="Upload time.")
    PUBLISHED_AT = strawberry.enum_value("published_at", description="Publication time.")
    PLAYS = strawberry.enum_value("plays", description="Play count.")
    LIKES = strawberry.enum_value("likes", description="Like count.")
    DOWNLOADS = strawberry.enum_value("downloads", description="Download count.")
    TITLE = strawberry.enum_value("title", description="Title, alphabetically.")


@strawberry.enum(name="SortDirection", description="Ascending or descending order.")
class SortDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Smallest (or oldest, or A) first.")
    DESC = strawberry.enum_value("desc", description="Largest (or newest, or Z) first.")


@strawberry.input(name="TrackOrder", description="How to order a list of tracks.")
class TrackOrder:
    field: TrackSortField = strawberry.field(
        default=TrackSortField.CREATED_AT, description="The value to order by."
    )
    direction: SortDirection = strawberry.field(
        default=SortDirection.DESC, description="The direction; null values always come last."
    )


@strawberry.input(
    name="TrackFilter", description="Conditions a track must meet; every given one must hold."
)
class TrackFilter:
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only tracks of this user."
    )
    album_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only tracks of this album."
    )
    genre: str | None = strawberry.field(default=None, description="Genre, ignoring case.")
    mood: str | None = strawberry.field(default=None, description="Mood, ignoring case.")
    tags: list[str] | None = strawberry.field(
        default=None, description="Tags the track must all have (ignoring case)."
    )
    published: bool | None = strawberry.field(
        default=None,
        description="Only published (true) or only draft (false) tracks; drafts are only ever "
        "the viewer's own.",
    )
    created_after: datetime.datetime | None = strawberry.field(
        default=None, description="Uploaded at or after this time."
    )
    created_before: datetime.datetime | None = strawberry.field(
        default=None, description="Uploaded before this time."
    )


def filtered_tracks(viewer: User | None, where: TrackFilter | None, order_by: TrackOrder | None):
    """The tracks `viewer` may see that match `where`, ordered by `order_by`."""
    where = where or TrackFilter()
    order_by = order_by or TrackOrder()
    return tracks_filtered(
        viewer=viewer,
        owner_id=where.owner_id,
        album_id=where.album_id,
        genre=where.genre,
        mood=where.mood,
        tags=where.tags or (),
        published=where.published,
        created_after=where.created_after,
        created_before=where.created_before,
        order_by=order_by.field.value,
        descending=order_by.direction is SortDirection.DESC,
    )


@strawberry.input(name="CreateTrackInput", description="A new track's metadata.")
class CreateTrackInput:
    title: str = strawberry.field(description="Title of the track.")
    artist: str = strawberry.field(description="Artist name as shown on the track.")
    artist_slug: str = strawberry.field(description="URL-friendly artist name.")
    genre: str = strawberry.field(description="Musical genre.")
    audio_url: str = strawberry.field(description="URL of the uploaded audio file.")
    audio_file_size: Long = strawberry.field(description="Size of the audio file in bytes.")
    audio_duration: float = strawberry.field(description="Duration in seconds.")
    audio_format: str = strawberry.field(description="Audio format, such as `mp3`.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    mood: str | None = strawberry.field(default=UNSET, description="Mood.")
    tags: list[str] | None = strawberry.field(
        default=UNSET, description="Tags (stored lower-case)."
    )
    cover_url: str | None = strawberry.field(default=UNSET, description="URL of the cover image.")
    cover_gradient: str | None = strawberry.field(default=UNSET, description="CSS gradient.")
    waveform_data: str | None = strawberry.field(default=UNSET, description="Waveform peaks.")
    bpm: int | None = strawberry.field(default=UNSET, description="Tempo in beats per minute.")
    key: str | None = strawberry.field(default=UNSET, description="Musical key.")
    published: bool | None = strawberry.field(
        default=UNSET, description="Publish right away (default false: a draft)."
    )


@strawberry.input(
    name="UpdateTrackInput", description="Changes to a track; only the fields given change."
)
class UpdateTrackInput:
    title: str | None = strawberry.field(default=UNSET, description="Title of the track.")
    artist: str | None = strawberry.field(default=UNSET, description="Artist name.")
    artist_slug: str | None = strawberry.field(default=UNSET, description="URL-friendly artist.")
    genre: str | None = strawberry.field(default=UNSET, description="Musical genre.")
    audio_url: str | None = strawberry.field(default=UNSET, description="URL of the audio file.")
    audio_file_size: Long | None = strawberry.field(default=UNSET, description="Size in bytes.")
    audio_duration: float | None = strawberry.field(default=UNSET, description="Seconds.")
    audio_format: str | None = strawberry.field(default=UNSET, description="Audio format.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    mood: str | None = strawberry.field(default=UNSET, description="Mood.")
    tags: list[str] | None = strawberry.field(default=UNSET, description="Tags (replaces them).")
    cover_url: str | None = strawberry.field(default=UNSET, description="URL of the cover image.")
    cover_gradient: str | None = strawberry.field(default=UNSET, description="CSS gradient.")
    waveform_data: str | None = strawberry.field(default=UNSET, description="Waveform peaks.")
    bpm: int | None = strawberry.field(default=UNSET, description="Tempo in beats per minute.")
    key: str | None = strawberry.field(default=UNSET, description="Musical key.")
    published: bool | None = strawberry.field(
        default=UNSET, description="Publish (true) or withdraw to a draft (false)."
    )


@strawberry.input(
    name="UploadTrackInput",
    description="The uploaded track's fields; the file's tags fill in those left out (title, "
    "artist, genre, BPM, key). Size, duration and format always come from the file.",
)
class UploadTrackInput:
    title: str | None = strawberry.field(default=UNSET, description="Title of the track.")
    artist: str | None = strawberry.field(default=UNSET, description="Artist name.")
    artist_slug: str | None = strawberry.field(default=UNSET, description="URL-friendly artist.")
    genre: str | None = strawberry.field(default=UNSET, description="Musical genre.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    mood: str | None = strawberry.field(default=UNSET, description="Mood.")
    tags: list[str] | None = strawberry.field(
        default=UNSET, description="Tags (stored lower-case)."
    )
    cover_gradient: str | None = strawberry.field(default=UNSET, description="CSS gradient.")
    bpm: int | None = strawberry.field(default=UNSET, description="Tempo in beats per minute.")
    key: str | None = strawberry.field(default=UNSET, description="Musical key.")
    published: bool | None = strawberry.field(
        default=UNSET, description="Publish right away (default false: a draft)."
    )

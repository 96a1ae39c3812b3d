"""Filtering, ordering and write inputs of tracks."""

import datetime
from enum import Enum

import strawberry
import strawberry_django

from musewave.models import Track, User
from musewave.selectors.tracks import tracks_filtered
from musewave.services.tracks import EDITABLE_FIELDS, FILE_FACTS
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


# The fields of the write inputs are the services' (`EDITABLE_FIELDS`), typed, required or not
# and described (`help_text`) by the model; only what the model cannot say is written here.


@strawberry_django.input(
    Track, name="CreateTrackInput", description="A new track's metadata.", fields=EDITABLE_FIELDS
)
class CreateTrackInput:
    audio_file_size: Long  # a 64-bit integer: GraphQL's Int has 32 bits
    tags: list[str] | None  # stored as JSON, always a list of strings


@strawberry_django.partial(
    Track,
    name="UpdateTrackInput",
    description="Changes to a track; only the fields given change.",
    fields=EDITABLE_FIELDS,
)
class UpdateTrackInput:
    audio_file_size: Long | None
    tags: list[str] | None


# What the file says (its size, duration and format, and so its URL and waveform) is never sent
# with an upload, and the cover comes as a file of its own.
UPLOAD_FIELDS = [
    name
    for name in EDITABLE_FIELDS
    if name not in (*FILE_FACTS, "audio_url", "waveform_data", "cover_url")
]


@strawberry_django.partial(
    Track,
    name="UploadTrackInput",
    description="The uploaded track's fields; the file's tags fill in those left out (title, "
    "artist, genre, BPM, key). Size, duration and format always come from the file.",
    fields=UPLOAD_FIELDS,
)
class UploadTrackInput:
    tags: list[str] | None

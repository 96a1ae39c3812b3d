"""The `Track` type. A draft (unpublished track) is visible only to its owner, wherever it
appears: every Track queryset, root or nested, passes through `get_queryset` below."""

from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from musewave.models import Track
from musewave.selectors import counts
from musewave.selectors.activity import comments_of_track
from musewave.selectors.tracks import visible_tracks
from schema.core.pagination import offset_list
from schema.core.scalars import Long
from schema.core.viewer import get_viewer

if TYPE_CHECKING:
    from schema.albums.types import AlbumType
    from schema.social.types import CommentType
    from schema.users.types import UserType

UserRef = Annotated["UserType", strawberry.lazy("schema.users.types")]
AlbumRef = Annotated["AlbumType", strawberry.lazy("schema.albums.types")]
CommentRef = Annotated["CommentType", strawberry.lazy("schema.social.types")]


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
        annotate={"_comment_count": lambda info: counts.comment_count()},
        description="How many comments the track has.",
    )
    def comment_count(self, root: Track) -> int:
        count = getattr(root, "_comment_count", None)
        return count if count is not None else comments_of_track(track_id=root.pk).count()

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Track], info: Info, **kwargs) -> QuerySet[Track]:
        return queryset & visible_tracks(viewer=get_viewer(info))

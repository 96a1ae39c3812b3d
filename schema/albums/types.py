"""The `Album` type: one owner's collection of tracks."""

from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.models import Album
from musewave.selectors import counts
from musewave.selectors.tracks import tracks_filtered
from schema.core.pagination import offset_list
from schema.core.viewer import get_viewer

if TYPE_CHECKING:
    from schema.tracks.types import TrackType
    from schema.users.types import UserType

UserRef = Annotated["UserType", strawberry.lazy("schema.users.types")]
TrackRef = Annotated["TrackType", strawberry.lazy("schema.tracks.types")]


@strawberry_django.type(Album, name="Album", description="A collection of one owner's tracks.")
class AlbumType:
    id: strawberry.ID = strawberry_django.field(description="The album's id (a UUID).")
    owner: UserRef = strawberry_django.field(description="The user who owns the album.")
    title: str = strawberry_django.field(description="Title of the album.")
    artist: str = strawberry_django.field(description="Artist name as shown on the album.")
    description: str | None = strawberry_django.field(description="Free-text description.")
    genre: str = strawberry_django.field(description="Musical genre.")
    cover_url: str | None = strawberry_django.field(description="URL of the cover image.")
    cover_gradient: str | None = strawberry_django.field(
        description="CSS gradient shown when there is no cover image."
    )
    release_date: strawberry.auto = strawberry_django.field(description="Release date and time.")
    published: bool = strawberry_django.field(description="Whether the album is published.")
    created_at: strawberry.auto = strawberry_django.field(description="When it was created.")
    updated_at: strawberry.auto = strawberry_django.field(description="When it last changed.")
    tracks: list[TrackRef] = offset_list(
        description="The album's tracks the viewer can see, newest first."
    )

    @strawberry_django.field(
        annotate={
            "_track_count": lambda info: counts.track_count(viewer=get_viewer(info), per="album")
        },
        description="How many of the album's tracks the viewer can see.",
    )
    def track_count(self, root: Album, info: Info) -> int:
        count = getattr(root, "_track_count", None)
        if count is not None:
            return count
        return tracks_filtered(viewer=get_viewer(info), album_id=root.pk).count()

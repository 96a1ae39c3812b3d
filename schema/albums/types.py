"""The `Album` type: one owner's collection of tracks."""

import strawberry
import strawberry_django

from musewave.models import Album
from musewave.selectors import counts
from musewave.selectors.tracks import tracks_filtered
from schema.core.fields import annotated
from schema.core.pagination import offset_list
from schema.core.refs import TrackRef, UserRef
from schema.core.viewer import get_viewer


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

    track_count: int = annotated(
        lambda info: counts.track_count(viewer=get_viewer(info), per="album"),
        fallback=lambda album, info: tracks_filtered(
            viewer=get_viewer(info), album_id=album.pk
        ).count(),
        description="How many of the album's tracks the viewer can see.",
    )

"""Write inputs of albums."""

import datetime

import strawberry
from strawberry import UNSET


@strawberry.input(name="CreateAlbumInput", description="A new album.")
class CreateAlbumInput:
    title: str = strawberry.field(description="Title of the album.")
    artist: str = strawberry.field(description="Artist name as shown on the album.")
    genre: str = strawberry.field(description="Musical genre.")
    release_date: datetime.datetime = strawberry.field(description="Release date and time.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    cover_url: str | None = strawberry.field(default=UNSET, description="Cover image URL.")
    cover_gradient: str | None = strawberry.field(default=UNSET, description="CSS gradient.")
    published: bool | None = strawberry.field(default=UNSET, description="Publish right away.")
    track_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="Tracks (all the owner's) that join the album."
    )


@strawberry.input(
    name="UpdateAlbumInput", description="Changes to an album; only the fields given change."
)
class UpdateAlbumInput:
    title: str | None = strawberry.field(default=UNSET, description="Title of the album.")
    artist: str | None = strawberry.field(default=UNSET, description="Artist name.")
    genre: str | None = strawberry.field(default=UNSET, description="Musical genre.")
    release_date: datetime.datetime | None = strawberry.field(
        default=UNSET, description="Release date and time."
    )
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    cover_url: str | None = strawberry.field(default=UNSET, description="Cover image URL.")
    cover_gradient: str | None = strawberry.field(default=UNSET, description="CSS gradient.")
    published: bool | None = strawberry.field(default=UNSET, description="Published or not.")
    track_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET,
        description="The album's exact new track list (all the owner's tracks); omit to keep it.",
    )

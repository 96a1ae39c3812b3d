"""Filtering and write inputs of playlists."""

import strawberry
from strawberry import UNSET

from schema.core.inputs import provided_fields
from schema.playlists.types import PlaylistVisibility


@strawberry.input(
    name="PlaylistFilter", description="Conditions a playlist must meet; every given one must hold."
)
class PlaylistFilter:
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only playlists of this user."
    )
    title: str | None = strawberry.field(
        default=None, description="Only playlists whose title contains this, ignoring case."
    )


@strawberry.input(name="CreatePlaylistInput", description="A new, empty playlist.")
class CreatePlaylistInput:
    title: str = strawberry.field(description="Title, 1–100 characters.")
    description: str | None = strawberry.field(
        default=UNSET, description="Description, at most 1000 characters."
    )
    cover_url: str | None = strawberry.field(
        default=UNSET, description="An http(s) URL of the cover image."
    )
    visibility: PlaylistVisibility | None = strawberry.field(
        default=UNSET, description="Who finds and opens it (default: public)."
    )


@strawberry.input(
    name="UpdatePlaylistInput", description="Changes to a playlist; only the fields given change."
)
class UpdatePlaylistInput:
    title: str | None = strawberry.field(default=UNSET, description="Title, 1–100 characters.")
    description: str | None = strawberry.field(
        default=UNSET, description="Description, at most 1000 characters."
    )
    cover_url: str | None = strawberry.field(
        default=UNSET, description="An http(s) URL of the cover image; null removes it."
    )
    visibility: PlaylistVisibility | None = strawberry.field(
        default=UNSET, description="Who finds and opens it."
    )


def playlist_fields(data) -> dict:
    """The fields the client set, with the visibility as the model stores it."""
    fields = provided_fields(data)
    if isinstance(fields.get("visibility"), PlaylistVisibility):
        fields["visibility"] = fields["visibility"].value
    return fields

"""Filtering and write inputs of playlists."""

import strawberry
import strawberry_django

from musewave.models import Playlist
from musewave.services.playlists import EDITABLE_FIELDS
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


# The fields of the write inputs are the services' (`EDITABLE_FIELDS`), typed, required or not
# and described (`help_text`) by the model; the visibility is the schema's enum.


@strawberry_django.input(
    Playlist,
    name="CreatePlaylistInput",
    description="A new, empty playlist.",
    fields=EDITABLE_FIELDS,
)
class CreatePlaylistInput:
    visibility: PlaylistVisibility | None


@strawberry_django.partial(
    Playlist,
    name="UpdatePlaylistInput",
    description="Changes to a playlist; only the fields given change.",
    fields=EDITABLE_FIELDS,
)
class UpdatePlaylistInput:
    visibility: PlaylistVisibility | None


def playlist_fields(data) -> dict:
    """The fields the client set, with the visibility as the model stores it."""
    fields = provided_fields(data)
    if isinstance(fields.get("visibility"), PlaylistVisibility):
        fields["visibility"] = fields["visibility"].value
    return fields

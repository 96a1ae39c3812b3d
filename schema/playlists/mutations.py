"""Writing playlists. The signed-in user is the one who acts; only a playlist's owner (and
staff) edit it. Every edit takes an optional `expectedVersion`: when the playlist's `version` is
no longer that, the edit is refused with a `conflict` message and changes nothing."""

from typing import Annotated, Any

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave import services
from musewave.errors import NotFound, ValidationFailed
from musewave.models import Playlist
from musewave.selectors.playlists import playlist_get
from schema.core.errors import ArgumentNotFound, returns_operation_info
from schema.core.results import Deleted
from schema.core.viewer import get_viewer
from schema.playlists.inputs import CreatePlaylistInput, UpdatePlaylistInput, playlist_fields
from schema.playlists.types import PlaylistType, PlaylistVisibility

PlaylistIdArg = Annotated[strawberry.ID, strawberry.argument(description="The playlist's id.")]
ItemIdArg = Annotated[
    strawberry.ID, strawberry.argument(description="The id of an item of the playlist.")
]
ExpectedVersionArg = Annotated[
    int | None,
    strawberry.argument(
        description="The playlist's `version` the edit was made against; omit to edit whatever "
        "the playlist is now."
    ),
]


def _playlist(info: Info, playlist_id: Any, *, argument: str) -> Playlist:
    """The playlist an argument names, if the viewer may open it."""
    try:
        return playlist_get(playlist_id=playlist_id, viewer=get_viewer(info))
    except NotFound as exc:
        raise ArgumentNotFound(exc.message, argument=argument) from exc
    except ValidationFailed as exc:  # not an id at all
        raise ValidationFailed.field(argument, exc.message) from exc


@strawberry.type
class PlaylistMutations:
    @strawberry_django.mutation(
        handle_django_errors=True, description="Create an empty playlist owned by the viewer."
    )
    @returns_operation_info
    def create_playlist(
        self,
        info: Info,
        input: Annotated[
            CreatePlaylistInput, strawberry.argument(description="The new playlist's fields.")
        ],
    ) -> PlaylistType:
        return services.playlist_create(actor=get_viewer(info), **playlist_fields(input))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Change a playlist's title, description, cover or visibility.",
    )
    @returns_operation_info
    def update_playlist(
        self,
        info: Info,
        id: PlaylistIdArg,
        input: Annotated[
            UpdatePlaylistInput, strawberry.argument(description="The changed fields.")
        ],
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        return services.playlist_update(
            actor=get_viewer(info),
            playlist=_playlist(info, id, argument="id"),
            data=playlist_fields(input),
            expected_version=expected_version,
        )

    @strawberry_django.mutation(handle_django_errors=True, description="Delete a playlist.")
    @returns_operation_info
    def delete_playlist(
        self, info: Info, id: PlaylistIdArg, expected_version: ExpectedVersionArg = None
    ) -> Deleted:
        playlist = _playlist(info, id, argument="id")
        deleted_id = playlist.pk
        services.playlist_delete(
            actor=get_viewer(info), playlist=playlist, expected_version=expected_version
        )
        return Deleted(id=strawberry.ID(str(deleted_id)))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Add tracks, in the order given (repeats allowed), at `position` (default: "
        "the end); the items from there on move down.",
    )
    @returns_operation_info
    def add_playlist_tracks(
        self,
        info: Info,
        playlist_id: PlaylistIdArg,
        track_ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="The tracks to add.")
        ],
        position: Annotated[
            int | None,
            strawberry.argument(description="Where the first one goes, 0…trackCount."),
        ] = None,
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        items = services.playlist_items_add(
            actor=get_viewer(info),
            playlist=_playlist(info, playlist_id, argument="playlistId"),
            track_ids=list(track_ids),
            position=position,
            expected_version=expected_version,
        )
        return items[0].playlist

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Remove an item from a playlist; the items after it move up.",
    )
    @returns_operation_info
    def remove_playlist_item(
        self,
        info: Info,
        playlist_id: PlaylistIdArg,
        item_id: ItemIdArg,
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        return services.playlist_item_remove(
            actor=get_viewer(info),
            playlist=_playlist(info, playlist_id, argument="playlistId"),
            item_id=item_id,
            expected_version=expected_version,
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Move an item to a new position; the items between close up.",
    )
    @returns_operation_info
    def move_playlist_item(
        self,
        info: Info,
        playlist_id: PlaylistIdArg,
        item_id: ItemIdArg,
        position: Annotated[
            int, strawberry.argument(description="The item's new position, 0…trackCount-1.")
        ],
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        item = services.playlist_item_move(
            actor=get_viewer(info),
            playlist=_playlist(info, playlist_id, argument="playlistId"),
            item_id=item_id,
            position=position,
            expected_version=expected_version,
        )
        return item.playlist

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Put the items in a new order, given as every item id exactly once.",
    )
    @returns_operation_info
    def reorder_playlist(
        self,
        info: Info,
        playlist_id: PlaylistIdArg,
        item_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="Every item id of the playlist, in the new order."),
        ],
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        return services.playlist_items_reorder(
            actor=get_viewer(info),
            playlist=_playlist(info, playlist_id, argument="playlistId"),
            item_ids=list(item_ids),
            expected_version=expected_version,
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Copy a public playlist (or one of your own) into a new one of your own, "
        "with the tracks you may see.",
    )
    @returns_operation_info
    def duplicate_playlist(
        self,
        info: Info,
        id: PlaylistIdArg,
        title: Annotated[
            str | None, strawberry.argument(description="The copy's title (default: the same).")
        ] = None,
        visibility: Annotated[
            PlaylistVisibility,
            strawberry.argument(description="The copy's visibility."),
        ] = PlaylistVisibility.PRIVATE,
    ) -> PlaylistType:
        return services.playlist_duplicate(
            actor=get_viewer(info),
            playlist=_playlist(info, id, argument="id"),
            title=title,
            visibility=visibility.value,
        )

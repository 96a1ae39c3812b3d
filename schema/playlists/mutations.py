"""Writing playlists. The signed-in user is the one who acts; only a playlist's owner (and
staff) edit it. Every edit takes an optional `expectedVersion`: when the playlist's `version` is
no longer that, the edit is refused with a `conflict` message and changes nothing."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.types import Info

from musewave import services
from schema.core.lookups import not_found_on, playlist_argument
from schema.core.mutations import mutation
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


T = TypeVar("T")


def _edit(
    service: Callable[..., T], info: Info, playlist_id: Any, *, argument: str, **arguments: Any
) -> T:
    """What `service` does, by the viewer, to the playlist `argument` names (if the viewer may
    open it); a playlist deleted meanwhile is `not_found` on `argument` too."""
    with not_found_on(argument):
        playlist = playlist_argument(info, playlist_id, argument=argument)
        return service(actor=get_viewer(info), playlist=playlist, **arguments)


@strawberry.type
class PlaylistMutations:
    @mutation(description="Create an empty playlist owned by the viewer.")
    def create_playlist(
        self,
        info: Info,
        input: Annotated[
            CreatePlaylistInput, strawberry.argument(description="The new playlist's fields.")
        ],
    ) -> PlaylistType:
        return services.playlist_create(actor=get_viewer(info), **playlist_fields(input))

    @mutation(
        description="Change a playlist's title, description, cover or visibility.",
    )
    def update_playlist(
        self,
        info: Info,
        id: PlaylistIdArg,
        input: Annotated[
            UpdatePlaylistInput, strawberry.argument(description="The changed fields.")
        ],
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        return _edit(
            services.playlist_update,
            info,
            id,
            argument="id",
            data=playlist_fields(input),
            expected_version=expected_version,
        )

    @mutation(description="Delete a playlist.")
    def delete_playlist(
        self, info: Info, id: PlaylistIdArg, expected_version: ExpectedVersionArg = None
    ) -> Deleted:
        playlist = playlist_argument(info, id, argument="id")
        deleted = Deleted.of(playlist)
        with not_found_on("id"):
            services.playlist_delete(
                actor=get_viewer(info), playlist=playlist, expected_version=expected_version
            )
        return deleted

    @mutation(
        description="Add tracks, in the order given (repeats allowed), at `position` (default: "
        "the end); the items from there on move down.",
    )
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
        items = _edit(
            services.playlist_items_add,
            info,
            playlist_id,
            argument="playlistId",
            track_ids=list(track_ids),
            position=position,
            expected_version=expected_version,
        )
        return items[0].playlist

    @mutation(
        description="Remove an item from a playlist; the items after it move up.",
    )
    def remove_playlist_item(
        self,
        info: Info,
        playlist_id: PlaylistIdArg,
        item_id: ItemIdArg,
        expected_version: ExpectedVersionArg = None,
    ) -> PlaylistType:
        return _edit(
            services.playlist_item_remove,
            info,
            playlist_id,
            argument="playlistId",
            item_id=item_id,
            expected_version=expected_version,
        )

    @mutation(
        description="Move an item to a new position; the items between close up.",
    )
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
        item = _edit(
            services.playlist_item_move,
            info,
            playlist_id,
            argument="playlistId",
            item_id=item_id,
            position=position,
            expected_version=expected_version,
        )
        return item.playlist

    @mutation(
        description="Put the items in a new order, given as every item id exactly once.",
    )
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
        return _edit(
            services.playlist_items_reorder,
            info,
            playlist_id,
            argument="playlistId",
            item_ids=list(item_ids),
            expected_version=expected_version,
        )

    @mutation(
        description="Copy a public playlist (or one of your own) into a new one of your own, "
        "with the tracks you may see.",
    )
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
        return _edit(
            services.playlist_duplicate,
            info,
            id,
            argument="id",
            title=title,
            visibility=visibility.value,
        )

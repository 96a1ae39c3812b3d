"""Writing albums."""

from typing import Annotated

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from musewave import services
from schema.albums.inputs import CreateAlbumInput, UpdateAlbumInput
from schema.albums.types import AlbumType
from schema.core.inputs import provided_fields
from schema.core.lookups import album_argument
from schema.core.mutations import mutation
from schema.core.results import Deleted
from schema.core.viewer import acting_user

AlbumIdArg = Annotated[strawberry.ID, strawberry.argument(description="The album's id.")]


@strawberry.type
class AlbumMutations:
    @mutation(
        description="Create an album owned by the signed-in user; the listed tracks (theirs) "
        "join it.",
    )
    def create_album(
        self,
        info: Info,
        input: Annotated[
            CreateAlbumInput, strawberry.argument(description="The new album's fields.")
        ],
    ) -> AlbumType:
        owner = acting_user(info)
        fields = provided_fields(input, exclude=("track_ids",))
        track_ids = input.track_ids or []
        return services.album_create(actor=owner, track_ids=track_ids, **fields)

    @mutation(
        description="Edit an album (its owner only); `trackIds` replaces its track list.",
    )
    def update_album(
        self,
        info: Info,
        id: AlbumIdArg,
        input: Annotated[
            UpdateAlbumInput, strawberry.argument(description="The changed album's fields.")
        ],
    ) -> AlbumType:
        actor = acting_user(info)
        album = album_argument(id, argument="id")
        data = provided_fields(input, exclude=("track_ids",))
        # Omitted or null keeps the track list; a list (even empty) replaces it.
        track_ids = None if input.track_ids in (UNSET, None) else list(input.track_ids)
        return services.album_update(actor=actor, album=album, data=data, track_ids=track_ids)

    @mutation(description="Delete an album (its owner only); tracks stay.")
    def delete_album(self, info: Info, id: AlbumIdArg) -> Deleted:
        actor = acting_user(info)
        album = album_argument(id, argument="id")
        deleted = Deleted.of(album)
        services.album_delete(actor=actor, album=album)
        return deleted

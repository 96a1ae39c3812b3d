"""Writing tracks."""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave import services
from schema.core.errors import returns_operation_info
from schema.core.inputs import provided_fields
from schema.core.lookups import track_argument
from schema.core.results import Deleted
from schema.core.viewer import acting_user
from schema.tracks.inputs import CreateTrackInput, UpdateTrackInput
from schema.tracks.types import TrackType

TrackIdArg = Annotated[strawberry.ID, strawberry.argument(description="The track's id.")]


@strawberry.type
class TrackMutations:
    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Upload a track's metadata; owned by the signed-in user.",
    )
    @returns_operation_info
    def create_track(
        self,
        info: Info,
        input: Annotated[
            CreateTrackInput, strawberry.argument(description="The new track's fields.")
        ],
    ) -> TrackType:
        owner = acting_user(info)
        return services.track_create(actor=owner, **provided_fields(input))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Edit a track (its owner only); publishing stamps `publishedAt`.",
    )
    @returns_operation_info
    def update_track(
        self,
        info: Info,
        id: TrackIdArg,
        input: Annotated[
            UpdateTrackInput, strawberry.argument(description="The changed track's fields.")
        ],
    ) -> TrackType:
        viewer = acting_user(info)
        track = track_argument(info, id, argument="id")
        return services.track_update(actor=viewer, track=track, data=provided_fields(input))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Delete a track (its owner only) with its likes, plays and comments.",
    )
    @returns_operation_info
    def delete_track(self, info: Info, id: TrackIdArg) -> Deleted:
        viewer = acting_user(info)
        track = track_argument(info, id, argument="id")
        deleted_id = track.pk
        services.track_delete(actor=viewer, track=track)
        return Deleted(id=strawberry.ID(str(deleted_id)))

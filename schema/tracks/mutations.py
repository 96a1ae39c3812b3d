"""Writing tracks."""

from typing import Annotated

import strawberry
from django.db import transaction
from strawberry.file_uploads import Upload
from strawberry.types import Info

from musewave import services
from musewave.errors import ValidationFailed
from schema.core.arguments import TrackIdArg
from schema.core.inputs import provided_fields, uploaded_file
from schema.core.lookups import track_argument
from schema.core.mutations import mutation
from schema.core.results import Deleted
from schema.core.viewer import acting_user
from schema.tracks.inputs import CreateTrackInput, UpdateTrackInput, UploadTrackInput
from schema.tracks.types import TrackType


@strawberry.type
class TrackMutations:
    @mutation(
        description="Upload a track's metadata; owned by the signed-in user.",
    )
    def create_track(
        self,
        info: Info,
        input: Annotated[
            CreateTrackInput, strawberry.argument(description="The new track's fields.")
        ],
    ) -> TrackType:
        owner = acting_user(info)
        return services.track_create(actor=owner, **provided_fields(input))

    @mutation(
        description="Upload a track's audio file (multipart request; signed-in users only). "
        "The file is decoded to be accepted, processed in the background (`processingStatus`), "
        "and its tags fill in the fields left out.",
    )
    def upload_track(
        self,
        info: Info,
        audio: Annotated[Upload, strawberry.argument(description="The audio file.")],
        cover: Annotated[Upload | None, strawberry.argument(description="A cover image.")] = None,
        input: Annotated[
            UploadTrackInput | None, strawberry.argument(description="The track's fields.")
        ] = None,
    ) -> TrackType:
        owner = acting_user(info)  # uploads are only ever the signed-in user's
        audio = uploaded_file(audio, field="audio")
        if audio is None:
            raise ValidationFailed.field("audio", "This field is required.")
        fields = provided_fields(input) if input is not None else {}
        return services.track_upload(
            actor=owner, audio=audio, cover=uploaded_file(cover, field="cover"), **fields
        )

    @mutation(
        description="Edit a track (its owner only); publishing stamps `publishedAt`. `cover` "
        "(a multipart upload, signed-in users only) replaces the cover image.",
    )
    def update_track(
        self,
        info: Info,
        id: TrackIdArg,
        input: Annotated[
            UpdateTrackInput, strawberry.argument(description="The changed track's fields.")
        ],
        cover: Annotated[
            Upload | None, strawberry.argument(description="A new cover image.")
        ] = None,
    ) -> TrackType:
        viewer = acting_user(info)
        cover = uploaded_file(cover, field="cover")
        track = track_argument(info, id, argument="id")
        with transaction.atomic():
            track = services.track_update(actor=viewer, track=track, data=provided_fields(input))
            if cover is not None:
                track = services.track_cover_set(actor=viewer, track=track, cover=cover)
        return track

    @mutation(
        description="Delete a track (its owner only) with its likes, plays and comments.",
    )
    def delete_track(self, info: Info, id: TrackIdArg) -> Deleted:
        viewer = acting_user(info)
        track = track_argument(info, id, argument="id")
        deleted = Deleted.of(track)
        services.track_delete(actor=viewer, track=track)
        return deleted

"""Recording plays and downloads."""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave import services
from schema.analytics.types import DownloadType, PlayType
from schema.core.errors import returns_operation_info
from schema.core.lookups import track_argument
from schema.core.viewer import client_details, optional_acting_user

TrackIdArg = Annotated[strawberry.ID, strawberry.argument(description="The track's id.")]


@strawberry.type
class AnalyticsMutations:
    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Record a listen of a track and count it: the signed-in user's, or an "
        "anonymous one without a token.",
    )
    @returns_operation_info
    def record_play(
        self,
        info: Info,
        track_id: TrackIdArg,
        duration: Annotated[
            float, strawberry.argument(description="Seconds listened (≥ 0).")
        ] = 0.0,
        completed: Annotated[
            bool, strawberry.argument(description="Whether the listener reached the end.")
        ] = False,
    ) -> PlayType:
        listener = optional_acting_user(info)
        track = track_argument(info, track_id)
        play, _ = services.play_record(
            actor=listener,
            track=track,
            duration=duration,
            completed=completed,
            **client_details(info),
        )
        # The counter moved in the database; the payload shows its new value.
        track.refresh_from_db(fields=["plays"])
        return play

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Record a download of a track and count it: the signed-in user's, or an "
        "anonymous one without a token.",
    )
    @returns_operation_info
    def record_download(self, info: Info, track_id: TrackIdArg) -> DownloadType:
        listener = optional_acting_user(info)
        track = track_argument(info, track_id)
        download = services.download_record(actor=listener, track=track, **client_details(info))
        track.refresh_from_db(fields=["downloads"])
        return download

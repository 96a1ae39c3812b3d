"""Recording plays and downloads."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave import services
from schema.analytics.types import DownloadType, PlayType
from schema.core.arguments import TrackIdArg
from schema.core.lookups import track_argument
from schema.core.mutations import mutation
from schema.core.reactions import with_counter
from schema.core.viewer import client_details, optional_acting_user


@strawberry.type
class AnalyticsMutations:
    @mutation(
        description="Record a listen of a track and count it: the signed-in user's, or an "
        "anonymous one without a token.",
    )
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
        with_counter(track, "plays")
        return play

    @mutation(
        description="Record a download of a track and count it: the signed-in user's, or an "
        "anonymous one without a token.",
    )
    def record_download(self, info: Info, track_id: TrackIdArg) -> DownloadType:
        listener = optional_acting_user(info)
        track = track_argument(info, track_id)
        download = services.download_record(actor=listener, track=track, **client_details(info))
        with_counter(track, "downloads")
        return download

"""Reading plays, downloads and statistics."""

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave.errors import NotFound
from musewave.selectors import stats
from musewave.selectors.listening import downloads_of, plays_of
from musewave.selectors.tracks import track_get
from musewave.selectors.users import user_get
from schema.analytics.types import (
    DownloadType,
    PlayType,
    TrackPlayCountType,
    TrackStatsType,
    UserStatsType,
)
from schema.core.arguments import TrackIdArg, UserIdArg
from schema.core.errors import raises_client_errors
from schema.core.fields import of_user, of_visible_track, track_rows_pages
from schema.core.pagination import offset_list
from schema.core.viewer import get_viewer

RankingLimitArg = Annotated[
    int, strawberry.argument(description=f"How many tracks, 1 to {stats.MAX_RANKING_LIMIT}.")
]


@strawberry.type
class AnalyticsQueries:
    track_plays, track_plays_connection = track_rows_pages(
        PlayType, plays_of, rows="Plays of a track, newest first", name="trackPlays"
    )
    user_plays: list[PlayType] = offset_list(
        of_user(plays_of),
        description="A user's plays (as listener) of tracks the viewer can see.",
    )
    track_downloads: list[DownloadType] = offset_list(
        of_visible_track(downloads_of), description="Downloads of a track, newest first."
    )
    user_downloads: list[DownloadType] = offset_list(
        of_user(downloads_of),
        description="A user's downloads of tracks the viewer can see, newest first.",
    )

    @strawberry.field(
        description="An artist's totals; null if there is no such user (an `invalid` error for "
        "a malformed id)."
    )
    @raises_client_errors
    def user_stats(self, info: Info, user_id: UserIdArg) -> UserStatsType | None:
        try:
            user = user_get(user_id=user_id)
        except NotFound:
            return None
        return UserStatsType.from_stats(stats.user_stats(user=user, viewer=get_viewer(info)))

    @strawberry.field(
        description="Listening figures of a track, optionally between two UTC dates (both "
        "included); null if the track is absent or a draft of another user (an `invalid` error "
        "for a malformed id)."
    )
    @raises_client_errors
    def track_stats(
        self,
        info: Info,
        track_id: TrackIdArg,
        date_from: Annotated[
            datetime.date | None, strawberry.argument(description="First UTC day counted.")
        ] = None,
        date_to: Annotated[
            datetime.date | None, strawberry.argument(description="Last UTC day counted.")
        ] = None,
    ) -> TrackStatsType | None:
        try:
            track = track_get(track_id=track_id, viewer=get_viewer(info))
        except NotFound:
            return None
        figures = stats.track_stats(track=track, date_from=date_from, date_to=date_to)
        return TrackStatsType.from_stats(figures, track=track, date_from=date_from, date_to=date_to)

    @strawberry.field(
        description="A user's most played tracks between `since` (included) and `until` "
        "(excluded), most plays first; drafts only for the user themselves and staff."
    )
    @raises_client_errors
    def top_tracks(
        self,
        info: Info,
        user_id: UserIdArg,
        since: Annotated[
            datetime.datetime | None, strawberry.argument(description="Start of the period.")
        ] = None,
        until: Annotated[
            datetime.datetime | None, strawberry.argument(description="End of the period.")
        ] = None,
        limit: RankingLimitArg = 10,
    ) -> list[TrackPlayCountType]:
        ranking = stats.tracks_top(
            owner=user_get(user_id=user_id),
            viewer=get_viewer(info),
            since=since,
            until=until,
            limit=limit,
        )
        return TrackPlayCountType.ranking(ranking, info)

    @strawberry.field(
        description="Published tracks with the most plays in the last `days` days, most first."
    )
    @raises_client_errors
    def trending_tracks(
        self,
        info: Info,
        limit: RankingLimitArg = 20,
        days: Annotated[
            int, strawberry.argument(description="Length of the period in days, 1 to 365.")
        ] = 7,
    ) -> list[TrackPlayCountType]:
        ranking = stats.tracks_trending(limit=limit, days=days)
        return TrackPlayCountType.ranking(ranking, info)

"""Plays, downloads and the statistics computed from them."""

import datetime
from typing import Any

import strawberry
import strawberry_django
from strawberry.types import Info
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import optimize

from musewave.models import Download, Play, Track, User
from musewave.selectors import privacy, stats
from musewave.selectors.tracks import tracks_visible
from schema.core.fields import from_source
from schema.core.refs import TrackRef, UserRef
from schema.core.viewer import get_viewer


class ListenerField(StrawberryDjangoField):
    """The user of a play or download, null unless the viewer may know who it was
    (`privacy.listener_visible`); otherwise the relation, optimized as any other."""

    def get_result(self, source: Any, info: Info | None, args: list[Any], kwargs: dict[str, Any]):
        hidden = source is not None and info is not None
        if hidden and not privacy.listener_visible(viewer=get_viewer(info), row=source):
            return None
        return super().get_result(source, info, args, kwargs)


LISTENER = (
    "The listener: null when anonymous, and for anyone but the listener, the track's owner "
    "and staff."
)


@strawberry_django.type(
    Play, name="Play", description="One listen of a track; `user` is null for an anonymous one."
)
class PlayType:
    id: strawberry.ID = strawberry_django.field(description="The play's id (a UUID).")
    track: TrackRef = strawberry_django.field(description="The track listened to.")
    user: UserRef | None = strawberry_django.field(field_cls=ListenerField, description=LISTENER)
    duration: float = strawberry_django.field(description="Seconds listened.")
    completed: bool = strawberry_django.field(description="Whether the listener reached the end.")
    created_at: strawberry.auto = strawberry_django.field(description="When the play happened.")


@strawberry_django.type(
    Download,
    name="Download",
    description="One download of a track; `user` is null for an anonymous one.",
)
class DownloadType:
    id: strawberry.ID = strawberry_django.field(description="The download's id (a UUID).")
    track: TrackRef = strawberry_django.field(description="The downloaded track.")
    user: UserRef | None = strawberry_django.field(
        field_cls=ListenerField,
        description="Who downloaded it: null when anonymous, and for anyone but that user, the "
        "track's owner and staff.",
    )
    created_at: strawberry.auto = strawberry_django.field(description="When it was downloaded.")


@strawberry.type(name="UserStats", description="An artist's totals across all their tracks.")
class UserStatsType:
    user_id: strawberry.ID = strawberry.field(description="The user these figures are about.")
    total_tracks: int = strawberry.field(
        description="How many of the user's tracks the viewer can see (as `trackCount`)."
    )
    total_plays: int = strawberry.field(description="Plays of all the user's tracks.")
    total_likes: int = strawberry.field(description="Likes of all the user's tracks.")
    total_downloads: int = strawberry.field(description="Downloads of all the user's tracks.")
    total_followers: int = strawberry.field(description="How many active users follow the user.")
    total_following: int = strawberry.field(description="How many active users the user follows.")
    monthly_listeners: int = strawberry.field(
        description="Distinct listeners of the user's tracks in the last 30 days (all anonymous "
        "listeners together count as one)."
    )
    updated_at: datetime.datetime = strawberry.field(description="When these were computed.")

    @classmethod
    def from_stats(cls, value: stats.UserStats) -> "UserStatsType":
        return from_source(cls, value, user_id=strawberry.ID(str(value.user_id)))


@strawberry.type(name="DailyPlays", description="Plays of a track on one UTC day.")
class DailyPlaysType:
    date: datetime.date = strawberry.field(description="The UTC day.")
    plays: int = strawberry.field(description="Plays on that day.")


@strawberry.type(name="TrackStats", description="Listening figures of one track.")
class TrackStatsType:
    track: strawberry.Private[Track]
    date_from: strawberry.Private[datetime.date | None]
    date_to: strawberry.Private[datetime.date | None]
    track_id: strawberry.ID = strawberry.field(description="The track these figures are about.")
    daily_plays: list[DailyPlaysType] = strawberry.field(
        description="Plays per UTC day, oldest first; days without plays are left out."
    )
    total_plays: int = strawberry.field(description="Plays in the period.")
    total_unique_listeners: int = strawberry.field(
        description="Distinct listeners in the period (all anonymous listeners count as one)."
    )
    avg_listen_duration: float = strawberry.field(description="Average seconds listened.")
    completion_rate: float = strawberry.field(
        description="Percentage (0–100) of plays that reached the end or 80% of the track."
    )
    updated_at: datetime.datetime | None = strawberry.field(description="When these were computed.")

    @strawberry.field(
        description="How far listeners got: ten play counts by the share of the track heard "
        "(0–10%, 10–20%, …, 90–100%), over the same period. Computed only when asked for."
    )
    def listen_histogram(self) -> list[int]:
        return stats.track_listen_histogram(
            track=self.track, date_from=self.date_from, date_to=self.date_to
        )

    @classmethod
    def from_stats(
        cls,
        value: stats.TrackStats,
        *,
        track: Track,
        date_from: datetime.date | None,
        date_to: datetime.date | None,
    ) -> "TrackStatsType":
        return from_source(
            cls,
            value,
            track=track,
            date_from=date_from,
            date_to=date_to,
            track_id=strawberry.ID(str(value.track_id)),
            daily_plays=[
                DailyPlaysType(date=datetime.date.fromisoformat(day), plays=count)
                for day, count in value.daily_plays.items()
            ],
        )


class RankedTracks:
    """Tracks of a ranking, loaded together the first time one of them is resolved, in one
    query optimized for the fields the client selected on them."""

    def __init__(self, ranking: list[stats.TrackPlayCount], viewer: User | None) -> None:
        self.ids = [entry.track.pk for entry in ranking]
        self.viewer = viewer
        self.loaded: dict | None = None

    def get(self, track_id, info: Info) -> Track | None:
        if self.loaded is None:
            tracks = tracks_visible(viewer=self.viewer).filter(pk__in=self.ids)
            self.loaded = {track.pk: track for track in optimize(tracks, info)}
        return self.loaded.get(track_id)

    def entries(self, ranking: list[stats.TrackPlayCount]) -> list["TrackPlayCountType"]:
        return [
            TrackPlayCountType(track_id=entry.track.pk, plays=entry.plays, batch=self)
            for entry in ranking
        ]


@strawberry.type(name="TrackPlayCount", description="A track and its plays in a period.")
class TrackPlayCountType:
    track_id: strawberry.Private[object]
    batch: strawberry.Private[RankedTracks]
    plays: int = strawberry.field(description="Plays of the track in the period.")

    @strawberry.field(description="The track.")
    def track(self, info: Info) -> TrackRef:
        return self.batch.get(self.track_id, info)

    @classmethod
    def ranking(cls, ranking: list[stats.TrackPlayCount], info: Info) -> list["TrackPlayCountType"]:
        return RankedTracks(ranking, get_viewer(info)).entries(ranking)

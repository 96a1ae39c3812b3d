"""Search results."""

from enum import Enum

import strawberry
from strawberry.types import Info
from strawberry_django.optimizer import optimize

from musewave.models import Playlist, Track, User
from musewave.selectors.playlists import playlists_public
from musewave.selectors.tracks import tracks_visible
from musewave.selectors.users import users_active
from schema.core.viewer import get_viewer
from schema.playlists.types import PlaylistType
from schema.tracks.types import TrackType
from schema.users.types import UserType


@strawberry.enum(name="SearchType", description="What to search.")
class SearchType(Enum):
    ALL = strawberry.enum_value("all", description="Tracks, users and public playlists.")
    TRACKS = strawberry.enum_value("tracks", description="Tracks only.")
    USERS = strawberry.enum_value("users", description="Users only.")
    PLAYLISTS = strawberry.enum_value("playlists", description="Public playlists only.")


def _in_rank_order(rows, ranked_ids: list) -> list:
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ranked_ids if pk in by_id]


@strawberry.type(name="SearchResults", description="Matches of a search, best first.")
class SearchResultsType:
    track_ids: strawberry.Private[list]
    user_ids: strawberry.Private[list]
    playlist_ids: strawberry.Private[list]

    @strawberry.field(description="Matching tracks the viewer can see, best first.")
    def tracks(self, info: Info) -> list[TrackType]:
        if not self.track_ids:
            return []
        # Reloaded in one optimized query so that nested fields (owner, album…) cost no more.
        rows = optimize(tracks_visible(viewer=get_viewer(info)).filter(pk__in=self.track_ids), info)
        return _in_rank_order(rows, self.track_ids)

    @strawberry.field(description="Matching users, best first.")
    def users(self, info: Info) -> list[UserType]:
        if not self.user_ids:
            return []
        rows = optimize(users_active().filter(pk__in=self.user_ids), info)
        return _in_rank_order(rows, self.user_ids)

    @strawberry.field(description="Public playlists whose title contains the query, best first.")
    def playlists(self, info: Info) -> list[PlaylistType]:
        if not self.playlist_ids:
            return []
        rows = optimize(playlists_public().filter(pk__in=self.playlist_ids), info)
        return _in_rank_order(rows, self.playlist_ids)

    @classmethod
    def from_results(
        cls, tracks: list[Track], users: list[User], playlists: list[Playlist]
    ) -> "SearchResultsType":
        return cls(
            track_ids=[t.pk for t in tracks],
            user_ids=[u.pk for u in users],
            playlist_ids=[p.pk for p in playlists],
        )

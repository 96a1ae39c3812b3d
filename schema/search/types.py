"""Search results."""

from enum import Enum

import strawberry
from django.db.models import QuerySet
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


def _ranked(rows: QuerySet, ranked_ids: list, info: Info) -> list:
    """The rows of `ranked_ids` among `rows`, in rank order, loaded in one query optimized for
    the fields selected on them (so nested fields, owner, album…, cost no more)."""
    if not ranked_ids:
        return []
    by_id = {row.pk: row for row in optimize(rows.filter(pk__in=ranked_ids), info)}
    return [by_id[pk] for pk in ranked_ids if pk in by_id]


@strawberry.type(name="SearchResults", description="Matches of a search, best first.")
class SearchResultsType:
    track_ids: strawberry.Private[list]
    user_ids: strawberry.Private[list]
    playlist_ids: strawberry.Private[list]

    @strawberry.field(description="Matching tracks the viewer can see, best first.")
    def tracks(self, info: Info) -> list[TrackType]:
        return _ranked(tracks_visible(viewer=get_viewer(info)), self.track_ids, info)

    @strawberry.field(description="Matching users, best first.")
    def users(self, info: Info) -> list[UserType]:
        return _ranked(users_active(), self.user_ids, info)

    @strawberry.field(description="Public playlists whose title contains the query, best first.")
    def playlists(self, info: Info) -> list[PlaylistType]:
        return _ranked(playlists_public(), self.playlist_ids, info)

    @classmethod
    def from_results(
        cls, tracks: list[Track], users: list[User], playlists: list[Playlist]
    ) -> "SearchResultsType":
        return cls(
            track_ids=[t.pk for t in tracks],
            user_ids=[u.pk for u in users],
            playlist_ids=[p.pk for p in playlists],
        )

"""The object types as the type modules refer to one another: lazily, resolved when the schema
is built, so that no type module imports another that imports it back."""

from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:
    from schema.albums.types import AlbumType
    from schema.playlists.types import PlaylistType
    from schema.social.types import CommentType, FollowType
    from schema.tracks.types import TrackType
    from schema.users.types import UserType

AlbumRef = Annotated["AlbumType", strawberry.lazy("schema.albums.types")]
CommentRef = Annotated["CommentType", strawberry.lazy("schema.social.types")]
FollowRef = Annotated["FollowType", strawberry.lazy("schema.social.types")]
PlaylistRef = Annotated["PlaylistType", strawberry.lazy("schema.playlists.types")]
TrackRef = Annotated["TrackType", strawberry.lazy("schema.tracks.types")]
UserRef = Annotated["UserType", strawberry.lazy("schema.users.types")]

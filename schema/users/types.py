"""The `User` type: a public profile, with the email shown to its owner only."""

import strawberry
import strawberry_django
from django.db.models import Prefetch, prefetch_related_objects
from strawberry.types import Info
from strawberry_django.optimizer import optimize
from strawberry_django.pagination import apply

from musewave.models import User
from musewave.selectors import counts
from musewave.selectors.albums import albums_of
from musewave.selectors.social import follows_of, likes_of_visible_tracks
from musewave.selectors.tracks import tracks_filtered, tracks_visible
from schema.core.fields import annotated
from schema.core.pagination import offset_list, requested_page
from schema.core.refs import AlbumRef, FollowRef, PlaylistRef, TrackRef
from schema.core.viewer import get_viewer, sees_private_fields
from schema.playlists.types import OwnedPlaylistsField

LIKED_ATTR = "_visible_likes"


def _liked_tracks_prefetch(info: Info) -> Prefetch:
    """The user's likes of tracks the viewer may see, the requested page per user, each with
    its track optimized for the fields the query selects."""
    viewer = get_viewer(info)
    likes = apply(
        requested_page(info), likes_of_visible_tracks(viewer=viewer), related_field_id="user_id"
    )
    tracks = optimize(tracks_visible(viewer=viewer), info)
    return Prefetch(
        "likes",
        queryset=likes.prefetch_related(Prefetch("track", queryset=tracks)),
        to_attr=LIKED_ATTR,
    )


@strawberry_django.type(
    User,
    name="User",
    description="A person on MuseWave: a listener, and an artist once they publish.",
)
class UserType:
    id: strawberry.ID = strawberry_django.field(description="The user's id (a UUID).")
    username: str = strawberry_django.field(
        description="Unique handle, 3–30 letters, digits, `_`, `.` or `-`."
    )
    display_name: str = strawberry_django.field(description="Name shown in the app; may be empty.")
    bio: str = strawberry_django.field(description="Short biography (≤ 500 characters).")
    avatar_url: str | None = strawberry_django.field(description="URL of the avatar image.")
    header_url: str | None = strawberry_django.field(description="URL of the profile header image.")
    location: str | None = strawberry_django.field(description="Where the user is based.")
    website: str | None = strawberry_django.field(description="The user's website.")
    twitter: str | None = strawberry_django.field(description="Twitter / X handle.")
    instagram: str | None = strawberry_django.field(description="Instagram handle.")
    spotify: str | None = strawberry_django.field(description="Spotify profile.")
    soundcloud: str | None = strawberry_django.field(description="SoundCloud profile.")
    verified: bool = strawberry_django.field(description="Whether MuseWave verified this artist.")
    created_at: strawberry.auto = strawberry_django.field(description="When the user signed up.")
    updated_at: strawberry.auto = strawberry_django.field(
        description="When the profile last changed."
    )

    @strawberry_django.field(
        only=["email"],
        description="Email address; only for the user themselves and staff, else null.",
    )
    def email(self, root: User, info: Info) -> str | None:
        return root.email if sees_private_fields(info, root) else None

    tracks: list[TrackRef] = offset_list(
        description="The user's tracks, newest first (drafts only for the user themselves)."
    )
    albums: list[AlbumRef] = offset_list(description="The user's albums, newest first.")

    playlists: list[PlaylistRef] = offset_list(
        field_cls=OwnedPlaylistsField,
        description="The user's playlists, newest first: all of them for the user themselves "
        "(and staff), the public ones for anyone else.",
    )

    followers: list[FollowRef] = offset_list(
        field_name="follower_set",
        description="Follows of this user, newest first; each `follower` follows this user.",
    )
    following: list[FollowRef] = offset_list(
        field_name="following_set",
        description="Follows by this user, newest first; each `following` is followed by them.",
    )

    @offset_list(
        prefetch_related=[_liked_tracks_prefetch],
        description="Tracks the user liked, most recently liked first.",
    )
    def liked_tracks(self, root: User, info: Info) -> list[TrackRef]:
        if not hasattr(root, LIKED_ATTR):
            # Reached without the optimizer (a user a mutation returned): fetch this page.
            prefetch_related_objects([root], _liked_tracks_prefetch(info))
        return [like.track for like in getattr(root, LIKED_ATTR)]

    follower_count: int = annotated(
        lambda info: counts.follower_count(),
        fallback=lambda user, info: follows_of(following_id=user.pk).count(),
        description="How many users follow this user.",
    )
    following_count: int = annotated(
        lambda info: counts.following_count(),
        fallback=lambda user, info: follows_of(follower_id=user.pk).count(),
        description="How many users this user follows.",
    )
    track_count: int = annotated(
        lambda info: counts.track_count(viewer=get_viewer(info), per="owner"),
        fallback=lambda user, info: tracks_filtered(
            viewer=get_viewer(info), owner_id=user.pk
        ).count(),
        description="How many of the user's tracks the viewer can see.",
    )
    album_count: int = annotated(
        lambda info: counts.album_count(),
        fallback=lambda user, info: albums_of(owner_id=user.pk).count(),
        description="How many albums the user has.",
    )

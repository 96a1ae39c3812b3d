"""Reads on what users do with each other and with tracks: follows, likes and comments."""

from typing import Any, Unpack

from django.db.models import QuerySet

from musewave.errors import NotFound
from musewave.models import Comment, Follow, Like, Track, User
from musewave.selectors.common import chronological, require_uuid
from musewave.selectors.tracks import RowsOf, rows_of, tracks_visible
from musewave.selectors.users import rows_of_active_users


def follows_visible(follows: QuerySet[Follow] | None = None) -> QuerySet[Follow]:
    """Follows between two active users (`rows_of_active_users`): a deactivated account is in
    no list or count of followers or following."""
    follows = Follow.objects.all() if follows is None else follows
    return rows_of_active_users(follows, "follower", "following")


def follow_exists(*, follower: User, following: User) -> bool:
    """Whether `follower` follows `following` (both looked up by the caller, so active)."""
    return Follow.objects.filter(follower=follower, following=following).exists()


def follows_of(
    *, follower_id: Any = None, following_id: Any = None, oldest_first: bool = False
) -> QuerySet[Follow]:
    """The follows one user makes (`follower_id`: whom they follow) or receives
    (`following_id`: their followers), newest first (or oldest first); name exactly one. A
    malformed id is ValidationFailed on `user_id`."""
    if (follower_id is None) == (following_id is None):
        raise TypeError("follows_of() takes exactly one of follower_id and following_id")
    field, value = (
        ("follower_id", follower_id) if following_id is None else ("following_id", following_id)
    )
    pk = require_uuid(value, field="user_id")
    order = chronological(oldest_first=oldest_first)
    return follows_visible().filter(**{field: pk}).order_by(*order)


def likes_visible(likes: QuerySet[Like] | None = None) -> QuerySet[Like]:
    """Likes by active users (`rows_of_active_users`): a deactivated account is in no list of
    likes (and its likes leave the tracks' counters, see `services.user_set_active`)."""
    likes = Like.objects.all() if likes is None else likes
    return rows_of_active_users(likes, "user")


def like_exists(*, track: Track, user: User) -> bool:
    """Whether `user` likes `track`; the caller looked both up (`track_get` applies the
    visibility rule, so a hidden draft is NotFound before anything is said about it)."""
    return Like.objects.filter(track=track, user=user).exists()


def likes_of(**which: Unpack[RowsOf]) -> QuerySet[Like]:
    """The likes of a track or of a user (`rows_of`) by active users (`likes_visible`)."""
    return likes_visible(rows_of(Like, **which))


def likes_of_visible_tracks(*, viewer: User | None) -> QuerySet[Like]:
    """Every user's likes of tracks `viewer` may see (`tracks_visible`), newest first: the
    liked-tracks lists of many users at once, for a caller that pages them per user."""
    return (
        likes_visible().filter(track__in=tracks_visible(viewer=viewer)).order_by(*chronological())
    )


def comments_of(**which: Unpack[RowsOf]) -> QuerySet[Comment]:
    """The comments on a track or of a user (`rows_of`)."""
    return rows_of(Comment, **which)


def comment_get(*, comment_id: Any) -> Comment:
    pk = require_uuid(comment_id, field="comment_id")
    try:
        return Comment.objects.select_related("track").get(pk=pk)
    except Comment.DoesNotExist:
        raise NotFound("Comment not found") from None

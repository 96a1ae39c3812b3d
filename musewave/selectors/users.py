"""Reads on users."""

from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet

from musewave.errors import NotFound
from musewave.models import Follow, Like, Track, User
from musewave.selectors.common import chronological, parse_uuid, require_uuid
from musewave.selectors.tracks import visible_tracks

M = TypeVar("M", bound=Model)


def _active_users() -> QuerySet[User]:
    # A deactivated account is gone for everyone: not found by id, username, list or search.
    return User.objects.filter(is_active=True)


def user_by_id(*, user_id: Any) -> QuerySet[User]:
    """The active user with this id, as a queryset of at most one row (to be optimized by the
    caller); empty when there is none or `user_id` is not an id."""
    pk = parse_uuid(user_id)
    return _active_users().filter(pk=pk) if pk is not None else User.objects.none()


def user_by_username(*, username: Any) -> QuerySet[User]:
    """The active user with this username, ignoring case, as a queryset of at most one row;
    empty when there is none or `username` is not text PostgreSQL can compare (NUL)."""
    if not isinstance(username, str) or "\x00" in username:
        return User.objects.none()
    return _active_users().filter(username__iexact=username)


def user_get(*, user_id: Any, field: str = "user_id") -> User:
    """The active user with this id; NotFound otherwise, ValidationFailed on `field` when
    `user_id` is not an id."""
    require_uuid(user_id, field=field)
    try:
        return user_by_id(user_id=user_id).get()
    except User.DoesNotExist:
        raise NotFound("User not found") from None


def user_get_by_username(*, username: Any) -> User:
    """The active user with this username, ignoring case; NotFound otherwise."""
    try:
        return user_by_username(username=username).get()
    except User.DoesNotExist:
        raise NotFound("User not found") from None


def user_list(*, oldest_first: bool = False) -> QuerySet[User]:
    """Every active user, newest first (or oldest first)."""
    return _active_users().order_by(*chronological(oldest_first=oldest_first))


def artist_list(
    *, tracks: QuerySet[Track] | None = None, oldest_first: bool = False
) -> QuerySet[User]:
    """Users with at least one of `tracks` (by default: a published track), newest first (or
    oldest first)."""
    tracks = Track.objects.filter(published=True) if tracks is None else tracks
    return user_list(oldest_first=oldest_first).filter(Exists(tracks.filter(owner=OuterRef("pk"))))


def by_active_users(rows: QuerySet[M], *links: str) -> QuerySet[M]:
    """The rows of `rows` whose users `links` (foreign keys to User) are all active: a
    deactivated account is in no list or count (its rows stay, for when it comes back)."""
    return rows.filter(**{f"{link}__is_active": True for link in links})


def visible_follows(follows: QuerySet[Follow] | None = None) -> QuerySet[Follow]:
    """Follows between two active users (`by_active_users`): a deactivated account is in no
    list or count of followers or following."""
    follows = Follow.objects.all() if follows is None else follows
    return by_active_users(follows, "follower", "following")


def visible_likes(likes: QuerySet[Like] | None = None) -> QuerySet[Like]:
    """Likes by active users (`by_active_users`): a deactivated account is in no list of
    likes (and its likes leave the tracks' counters, see `services.user_set_active`)."""
    likes = Like.objects.all() if likes is None else likes
    return by_active_users(likes, "user")


def follow_exists(*, follower: User, following: User) -> bool:
    """Whether `follower` follows `following` (both looked up by the caller, so active)."""
    return Follow.objects.filter(follower=follower, following=following).exists()


def followers_of(*, user_id: Any, oldest_first: bool = False) -> QuerySet[Follow]:
    """Follows whose `following` is the user, newest first (or oldest first)."""
    pk = require_uuid(user_id, field="user_id")
    order = chronological(oldest_first=oldest_first)
    return visible_follows().filter(following_id=pk).order_by(*order)


def following_of(*, user_id: Any, oldest_first: bool = False) -> QuerySet[Follow]:
    """Follows whose `follower` is the user, newest first (or oldest first)."""
    pk = require_uuid(user_id, field="user_id")
    order = chronological(oldest_first=oldest_first)
    return visible_follows().filter(follower_id=pk).order_by(*order)


def likes_of_visible_tracks(*, viewer: User | None) -> QuerySet[Like]:
    """Every user's likes of tracks `viewer` may see (`visible_tracks`), newest first: the
    liked-tracks lists of many users at once, for a caller that pages them per user."""
    return (
        visible_likes()
        .filter(track__in=visible_tracks(viewer=viewer))
        .order_by("-created_at", "-id")
    )

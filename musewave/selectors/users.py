"""Reads on users."""

from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet

from musewave.errors import NotFound
from musewave.models import Track, User
from musewave.selectors.common import chronological, parse_uuid, require_uuid

M = TypeVar("M", bound=Model)


def _active_users() -> QuerySet[User]:
    # A deactivated account is gone for everyone: not found by id, username, list or search.
    return User.objects.filter(is_active=True)


def users_with_id(*, user_id: Any) -> QuerySet[User]:
    """The active user with this id, as a queryset of at most one row (to be optimized by the
    caller); empty when there is none or `user_id` is not an id."""
    pk = parse_uuid(user_id)
    return _active_users().filter(pk=pk) if pk is not None else User.objects.none()


def users_with_username(*, username: Any) -> QuerySet[User]:
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
        return users_with_id(user_id=user_id).get()
    except User.DoesNotExist:
        raise NotFound("User not found") from None


def user_get_by_username(*, username: Any) -> User:
    """The active user with this username, ignoring case; NotFound otherwise."""
    try:
        return users_with_username(username=username).get()
    except User.DoesNotExist:
        raise NotFound("User not found") from None


def users_active(*, oldest_first: bool = False) -> QuerySet[User]:
    """Every active user, newest first (or oldest first)."""
    return _active_users().order_by(*chronological(oldest_first=oldest_first))


def users_with_tracks(
    *, tracks: QuerySet[Track] | None = None, oldest_first: bool = False
) -> QuerySet[User]:
    """Active users with at least one of `tracks` (by default: a published track): the
    artists, newest first (or oldest first)."""
    tracks = Track.objects.filter(published=True) if tracks is None else tracks
    return users_active(oldest_first=oldest_first).filter(
        Exists(tracks.filter(owner=OuterRef("pk")))
    )


def rows_of_active_users(rows: QuerySet[M], *links: str) -> QuerySet[M]:
    """The rows of `rows` whose users `links` (foreign keys to User) are all active: a
    deactivated account is in no list or count (its rows stay, for when it comes back)."""
    return rows.filter(**{f"{link}__is_active": True for link in links})

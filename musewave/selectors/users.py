"""Reads on users."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from musewave.errors import NotFound
from musewave.models import Follow, Track, User
from musewave.selectors.common import parse_uuid, require_uuid


def user_get(*, user_id: Any) -> User:
    pk = require_uuid(user_id, what="User")
    try:
        return User.objects.get(pk=pk)
    except User.DoesNotExist:
        raise NotFound("User not found") from None


def user_get_by_username(*, username: str) -> User:
    if not isinstance(username, str) or "\x00" in username:
        raise NotFound("User not found")
    try:
        return User.objects.get(username__iexact=username)
    except User.DoesNotExist:
        raise NotFound("User not found") from None


def user_list() -> QuerySet[User]:
    """Every active user, newest first."""
    return User.objects.filter(is_active=True).order_by("-created_at", "-id")


def artist_list() -> QuerySet[User]:
    """Users with at least one published track, newest first."""
    published = Track.objects.filter(owner=OuterRef("pk"), published=True)
    return user_list().filter(Exists(published))


def follow_exists(*, follower_id: Any, following_id: Any) -> bool:
    follower, following = parse_uuid(follower_id), parse_uuid(following_id)
    if follower is None or following is None:
        return False
    return Follow.objects.filter(follower_id=follower, following_id=following).exists()


def followers_of(*, user_id: Any) -> QuerySet[Follow]:
    """Follows whose `following` is the user, newest first."""
    pk = require_uuid(user_id, what="User")
    return Follow.objects.filter(following_id=pk).order_by("-created_at", "-id")


def following_of(*, user_id: Any) -> QuerySet[Follow]:
    """Follows whose `follower` is the user, newest first."""
    pk = require_uuid(user_id, what="User")
    return Follow.objects.filter(follower_id=pk).order_by("-created_at", "-id")

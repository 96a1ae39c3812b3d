"""Reads on likes, plays, downloads and comments."""

from typing import Any

from django.db.models import QuerySet

from musewave.errors import NotFound
from musewave.models import Comment, Download, Like, Play
from musewave.selectors.common import parse_uuid, require_uuid


def like_exists(*, track_id: Any, user_id: Any) -> bool:
    track, user = parse_uuid(track_id), parse_uuid(user_id)
    if track is None or user is None:
        return False
    return Like.objects.filter(track_id=track, user_id=user).exists()


def likes_of_user(*, user_id: Any) -> QuerySet[Like]:
    return Like.objects.filter(user_id=require_uuid(user_id, what="User")).order_by(
        "-created_at", "-id"
    )


def likes_of_track(*, track_id: Any) -> QuerySet[Like]:
    return Like.objects.filter(track_id=require_uuid(track_id, what="Track")).order_by(
        "-created_at", "-id"
    )


def plays_of_track(*, track_id: Any) -> QuerySet[Play]:
    return Play.objects.filter(track_id=require_uuid(track_id, what="Track")).order_by(
        "-created_at", "-id"
    )


def plays_of_user(*, user_id: Any) -> QuerySet[Play]:
    """Plays where the user is the listener."""
    return Play.objects.filter(user_id=require_uuid(user_id, what="User")).order_by(
        "-created_at", "-id"
    )


def downloads_of_track(*, track_id: Any) -> QuerySet[Download]:
    return Download.objects.filter(track_id=require_uuid(track_id, what="Track")).order_by(
        "-created_at", "-id"
    )


def comments_of_track(*, track_id: Any) -> QuerySet[Comment]:
    return Comment.objects.filter(track_id=require_uuid(track_id, what="Track")).order_by(
        "-created_at", "-id"
    )


def comments_of_user(*, user_id: Any) -> QuerySet[Comment]:
    return Comment.objects.filter(user_id=require_uuid(user_id, what="User")).order_by(
        "-created_at", "-id"
    )


def comment_get(*, comment_id: Any) -> Comment:
    pk = require_uuid(comment_id, what="Comment")
    try:
        return Comment.objects.select_related("track").get(pk=pk)
    except Comment.DoesNotExist:
        raise NotFound("Comment not found") from None


def downloads_of_user(*, user_id: Any) -> QuerySet[Download]:
    """Downloads where the user is the one downloading."""
    return Download.objects.filter(user_id=require_uuid(user_id, what="User")).order_by(
        "-created_at", "-id"
    )

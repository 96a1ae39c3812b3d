"""Reads on likes, plays, downloads and comments."""

import enum
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from musewave.errors import NotFound
from musewave.models import Comment, Download, Like, Play, Track, User
from musewave.selectors.common import chronological, require_uuid
from musewave.selectors.privacy import with_track_owner
from musewave.selectors.tracks import visible_tracks
from musewave.selectors.users import visible_likes

M = TypeVar("M", bound=Model)


class _EveryTrack(enum.Enum):
    EVERY_TRACK = "every track"


# The default `viewer` of the lists below: rows of every track, drafts included, for callers
# that apply the visibility rule themselves or list the rows of a track they already looked up.
EVERY_TRACK = _EveryTrack.EVERY_TRACK
Viewer = User | None | _EveryTrack


def _rows_of(
    model: type[M],
    field: str,
    value: Any,
    *,
    viewer: Viewer,
    include_drafts: bool,
    oldest_first: bool = False,
) -> QuerySet[M]:
    """Rows of `model` whose `field` ("user_id" or "track_id") is the id `value` (NotFound when
    it is not an id), newest first (or oldest first); only those whose track `viewer` may see
    (see `visible_tracks`) unless `viewer` is EVERY_TRACK or drafts are included."""
    rows = model.objects.filter(**{field: require_uuid(value, field=field)})
    if viewer is not EVERY_TRACK and not include_drafts:
        # With drafts included every track is visible: no subquery needed.
        rows = rows.filter(track__in=visible_tracks(viewer=viewer))
    return rows.order_by(*chronological(oldest_first=oldest_first))


def like_exists(*, track: Track, user: User) -> bool:
    """Whether `user` likes `track`; the caller looked both up (`track_get` applies the
    visibility rule, so a hidden draft is NotFound before anything is said about it)."""
    return Like.objects.filter(track=track, user=user).exists()


def likes_of_user(
    *,
    user_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Like]:
    """The user's likes (none while the user is deactivated: `visible_likes`)."""
    return visible_likes(
        _rows_of(
            Like,
            "user_id",
            user_id,
            viewer=viewer,
            include_drafts=include_drafts,
            oldest_first=oldest_first,
        )
    )


def likes_of_track(
    *,
    track_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Like]:
    """Likes of the track by active users (`visible_likes`)."""
    return visible_likes(
        _rows_of(
            Like,
            "track_id",
            track_id,
            viewer=viewer,
            include_drafts=include_drafts,
            oldest_first=oldest_first,
        )
    )


def plays_of_track(
    *,
    track_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Play]:
    # Each with its track's owner: who may see the listener (`privacy.listener_visible`).
    return with_track_owner(
        _rows_of(
            Play,
            "track_id",
            track_id,
            viewer=viewer,
            include_drafts=include_drafts,
            oldest_first=oldest_first,
        )
    )


def plays_of_user(
    *,
    user_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Play]:
    """Plays where the user is the listener."""
    return with_track_owner(
        _rows_of(
            Play,
            "user_id",
            user_id,
            viewer=viewer,
            include_drafts=include_drafts,
            oldest_first=oldest_first,
        )
    )


def downloads_of_track(
    *,
    track_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Download]:
    return with_track_owner(
        _rows_of(
            Download,
            "track_id",
            track_id,
            viewer=viewer,
            include_drafts=include_drafts,
            oldest_first=oldest_first,
        )
    )


def downloads_of_user(
    *,
    user_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Download]:
    """Downloads where the user is the one downloading."""
    return with_track_owner(
        _rows_of(
            Download,
            "user_id",
            user_id,
            viewer=viewer,
            include_drafts=include_drafts,
            oldest_first=oldest_first,
        )
    )


def comments_of_track(
    *,
    track_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Comment]:
    return _rows_of(
        Comment,
        "track_id",
        track_id,
        viewer=viewer,
        include_drafts=include_drafts,
        oldest_first=oldest_first,
    )


def comments_of_user(
    *,
    user_id: Any,
    viewer: Viewer = EVERY_TRACK,
    include_drafts: bool = False,
    oldest_first: bool = False,
) -> QuerySet[Comment]:
    return _rows_of(
        Comment,
        "user_id",
        user_id,
        viewer=viewer,
        include_drafts=include_drafts,
        oldest_first=oldest_first,
    )


def comment_get(*, comment_id: Any) -> Comment:
    pk = require_uuid(comment_id, field="comment_id")
    try:
        return Comment.objects.select_related("track").get(pk=pk)
    except Comment.DoesNotExist:
        raise NotFound("Comment not found") from None

"""Objects named by mutation arguments; an unknown one, or a malformed id, is reported against
its argument (by its GraphQL name, as the client sent it), the same way in every mutation."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from strawberry.types import Info

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Album, Comment, Playlist, Track, User
from musewave.selectors.albums import album_get
from musewave.selectors.playlists import playlist_get
from musewave.selectors.social import comment_get
from musewave.selectors.tracks import track_get
from musewave.selectors.users import user_get
from schema.core.viewer import get_viewer

T = TypeVar("T")


@contextmanager
def not_found_on(argument: str) -> Iterator[None]:
    """A NotFound raised inside that names no input is reported against `argument`: the
    object that is not there (a like to take back, say) is the one `argument` names."""
    try:
        yield
    except NotFound as exc:
        if exc.field is not None:
            raise
        raise NotFound(exc.message, field=argument) from exc


def _argument_object(lookup: Callable[..., T], *, argument: str, **kwargs: Any) -> T:
    """What `lookup(**kwargs)` finds; its NotFound, or the ValidationFailed of a value that is
    not an id at all, reported against `argument`."""
    try:
        with not_found_on(argument):
            return lookup(**kwargs)
    except ValidationFailed as exc:  # not an id at all
        raise ValidationFailed.field(argument, exc.message) from exc


def track_argument(info: Info, track_id: Any, *, argument: str = "trackId") -> Track:
    """The track named by `argument`, if the viewer may see it."""
    return _argument_object(
        track_get, argument=argument, track_id=track_id, viewer=get_viewer(info)
    )


def user_argument(user_id: Any, *, argument: str = "userId") -> User:
    """The user named by `argument`."""
    return _argument_object(user_get, argument=argument, user_id=user_id)


def album_argument(album_id: Any, *, argument: str = "albumId") -> Album:
    """The album named by `argument`."""
    return _argument_object(album_get, argument=argument, album_id=album_id)


def comment_argument(comment_id: Any, *, argument: str = "commentId") -> Comment:
    """The comment named by `argument`."""
    return _argument_object(comment_get, argument=argument, comment_id=comment_id)


def playlist_argument(info: Info, playlist_id: Any, *, argument: str = "playlistId") -> Playlist:
    """The playlist named by `argument`, if the viewer may open it."""
    return _argument_object(
        playlist_get, argument=argument, playlist_id=playlist_id, viewer=get_viewer(info)
    )

"""Objects named by mutation arguments; an unknown one, or a malformed id, is reported against
its argument (by its GraphQL name), the same way in every mutation."""

from collections.abc import Callable
from typing import Any, TypeVar

from strawberry.types import Info

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Album, Comment, Track, User
from musewave.selectors.albums import album_get
from musewave.selectors.social import comment_get
from musewave.selectors.tracks import track_get
from musewave.selectors.users import user_get
from schema.core.errors import ArgumentNotFound
from schema.core.viewer import get_viewer

T = TypeVar("T")


def _argument_object(lookup: Callable[..., T], *, argument: str, **kwargs: Any) -> T:
    """What `lookup(**kwargs)` finds; its NotFound, or the ValidationFailed of a value that is
    not an id at all, reported against `argument`."""
    try:
        return lookup(**kwargs)
    except NotFound as exc:
        raise ArgumentNotFound(exc.message, argument=argument) from exc
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

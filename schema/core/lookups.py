"""Objects named by mutation arguments; an unknown one is reported against its argument."""

from typing import Any

from strawberry.types import Info

from musewave.errors import NotFound, ValidationFailed
from musewave.models import Track, User
from musewave.selectors.tracks import track_get
from musewave.selectors.users import user_get
from schema.core.errors import ArgumentNotFound
from schema.core.viewer import get_viewer


def track_argument(info: Info, track_id: Any, *, argument: str = "trackId") -> Track:
    """The track named by `argument`, if the viewer may see it."""
    try:
        return track_get(track_id=track_id, viewer=get_viewer(info))
    except NotFound as exc:
        raise ArgumentNotFound(exc.message, argument=argument) from exc
    except ValidationFailed as exc:  # not an id at all
        raise ValidationFailed.field(argument, exc.message) from exc


def user_argument(user_id: Any, *, argument: str = "userId") -> User:
    """The user named by `argument`."""
    try:
        return user_get(user_id=user_id)
    except NotFound as exc:
        raise ArgumentNotFound(exc.message, argument=argument) from exc
    except ValidationFailed as exc:  # not an id at all
        raise ValidationFailed.field(argument, exc.message) from exc

"""Who is asking: every resolver learns the viewer and the acting user from here."""

from typing import Any

from strawberry.types import Info

from musewave import clients as musewave_clients
from musewave.errors import NotFound, ValidationFailed
from musewave.models import User
from musewave.services.actors import acting_user_resolve
from musewave.throttling import throttle_write
from schema.core.errors import ArgumentNotFound

# Where the view leaves the authenticated user on the request.
VIEWER_ATTRIBUTE = "musewave_viewer"


def get_viewer(info: Info) -> User | None:
    """The user the request's bearer token proves, or None for an anonymous request.

    The view authenticates the `Authorization` header before executing anything (a bad token
    is refused there), so resolvers only read the result.
    """
    request = getattr(info.context, "request", None)
    return getattr(request, VIEWER_ATTRIBUTE, None)


def acting_user(info: Info, user_id: Any, *, argument: str = "userId") -> User:
    """The user named by a mutation's `userId`-style argument, who performs it.

    The rule is the core's (`acting_user_resolve`): a viewer acts only as themselves and may
    omit the argument; without a viewer the argument names the actor, as legacy clients do,
    unless the deployment requires authentication.
    """
    return _resolve(info, user_id, argument=argument, required=True)


def optional_acting_user(info: Info, user_id: Any, *, argument: str = "userId") -> User | None:
    """Like `acting_user`, for actions anonymous listeners may take (plays, downloads)."""
    return _resolve(info, user_id, argument=argument, required=False)


def _resolve(info: Info, user_id: Any, *, argument: str, required: bool) -> User | None:
    try:
        return acting_user_resolve(
            authenticated=get_viewer(info),
            claimed_id=user_id,
            required=required,
            field_name=argument,
        )
    except NotFound as exc:
        raise ArgumentNotFound(exc.message, argument=argument) from exc
    except ValidationFailed as exc:
        # The only validation here is of the argument itself: report it against that field.
        raise ValidationFailed.field(argument, exc.message) from exc


def client_details(info: Info) -> dict[str, str | None]:
    """The caller's IP address and user agent, recorded with plays and downloads."""
    request = getattr(info.context, "request", None)
    return musewave_clients.client_details(getattr(request, "META", {}))


def count_write(info: Info) -> None:
    """Count a mutation against the write limits of its user and address (Throttled past them),
    the limits the REST API applies too."""
    viewer = get_viewer(info)
    throttle_write(
        user_id=viewer.pk if viewer is not None else None,
        ip_address=client_details(info)["ip_address"],
    )

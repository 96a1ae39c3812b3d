"""The acting user of a request. The one place that decides it for every legacy view."""

from typing import Any

from rest_framework.request import Request

from musewave.errors import AuthenticationRequired
from musewave.models import User
from musewave.services.actors import acting_user_resolve


def authenticated_user(request: Request) -> User | None:
    """The user the request's credentials prove, if any."""
    user = request.user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def required_user(request: Request) -> User:
    """The authenticated user of an endpoint that needs a token (401 without one)."""
    user = authenticated_user(request)
    if user is None:
        raise AuthenticationRequired("Authentication credentials were not provided.")
    return user


def body_actor(
    request: Request, data: dict[str, Any], *, fields: tuple[str, ...], required: bool
) -> User | None:
    """The actor named in the body under the first of `fields` that is set (legacy camelCase
    first, then snake_case), checked against the credentials."""
    sent = next((name for name in fields if data.get(name) not in (None, "")), None)
    return acting_user_resolve(
        authenticated=authenticated_user(request),
        claimed_id=data[sent] if sent else None,
        required=required,
        # Errors name the field the client sent (the legacy name when it sent none).
        field_name=sent or fields[0],
    )

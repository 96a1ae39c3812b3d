"""Who acts in a request: the authenticated user, or the user the request names."""

from typing import Any

from django.conf import settings

from musewave.errors import AuthenticationRequired, PermissionDenied, ValidationFailed
from musewave.models import User
from musewave.selectors.common import require_uuid
from musewave.selectors.users import user_get


def actor_authenticated(*, authenticated: User | None) -> User:
    """The actor where only credentials say who acts (GraphQL, whatever the mode): the
    authenticated user; AuthenticationRequired without one."""
    if authenticated is None:
        raise AuthenticationRequired("Authentication credentials were not provided.")
    return authenticated


def acting_user_resolve(
    *, authenticated: User | None, claimed_id: Any, required: bool, field_name: str
) -> User | None:
    """The user an action is done for.

    An authenticated user always acts as themselves; naming someone else is refused. Without
    authentication the request names its actor (`claimed_id`, sent as `field_name`), as legacy
    clients do, unless the deployment requires authentication for every write. A named user who
    does not exist is NotFound, a malformed id ValidationFailed on `field_name`; a missing one is
    an error when `required`, else anonymous (None).
    """
    claimed = None if claimed_id is None or claimed_id == "" else claimed_id
    if authenticated is not None:
        if claimed is not None and require_uuid(claimed, field=field_name) != authenticated.pk:
            raise PermissionDenied(f"{field_name} must be the authenticated user.")
        return authenticated
    if settings.MUSEWAVE_REQUIRE_AUTH and (required or claimed is not None):
        # Only a token proves who acts; what may be anonymous (plays, downloads) still may.
        raise AuthenticationRequired("Authentication credentials were not provided.")
    if claimed is None:
        if required:
            raise ValidationFailed(f"{field_name} is required")
        return None
    return user_get(user_id=claimed, field=field_name)

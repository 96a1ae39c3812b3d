"""Who is asking: every resolver learns the viewer and the acting user from here."""

from strawberry.types import Info

from musewave import clients as musewave_clients
from musewave.models import User
from musewave.selectors import privacy
from musewave.services.actors import actor_authenticated

# Marks a user object whose credentials the request itself presented (the `login` payload).
_CREDENTIALS_PRESENTED = "_musewave_credentials_presented"


def get_viewer(info: Info) -> User | None:
    """The signed-in user, `request.user` (set from the bearer token only, never a session, by
    BearerTokenUserMiddleware), or None for an anonymous request.

    The view refuses a bad token with a 401 before executing anything, so resolvers only read
    the result; nothing in a document (not even `login`) changes who the viewer is.
    """
    request = getattr(info.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def credentials_presented(user: User) -> User:
    """`user`, marked as proven by credentials in this very request (a login's payload): its
    private fields show on this object only; the viewer stays who the token says."""
    setattr(user, _CREDENTIALS_PRESENTED, True)
    return user


def sees_private_fields(info: Info, user: User) -> bool:
    """Whether the request may read `user`'s private fields: by the core's rule for the viewer
    (the user themselves or staff), or because it presented the user's credentials."""
    return privacy.email_visible(viewer=get_viewer(info), user=user) or getattr(
        user, _CREDENTIALS_PRESENTED, False
    )


def acting_user(info: Info) -> User:
    """The signed-in user, who performs a mutation: GraphQL never takes the actor from an
    argument, so without a token the mutation is refused (AuthenticationRequired)."""
    return actor_authenticated(authenticated=get_viewer(info))


def optional_acting_user(info: Info) -> User | None:
    """Like `acting_user`, for what anonymous listeners may do (plays, downloads): the signed-in
    user, or None for an anonymous one."""
    return get_viewer(info)


def client_details(info: Info) -> dict[str, str | None]:
    """The caller's IP address and user agent, recorded with plays and downloads."""
    request = getattr(info.context, "request", None)
    return musewave_clients.client_details(getattr(request, "META", {}))

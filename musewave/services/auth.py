"""Sign-in with JSON Web Tokens: login, refresh with rotation, logout by revocation, and the
user behind an access token. Both APIs use these, so they obey the same rules."""

from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from musewave.errors import AuthenticationRequired, ValidationFailed
from musewave.models import User
from musewave.selectors.common import parse_uuid

INVALID_CREDENTIALS = "Invalid username/email or password."
INVALID_TOKEN = "Token is invalid, expired or revoked."

# Checked against when the account does not exist, so an unknown user costs the same time as a
# wrong password and the two answers cannot be told apart.
_UNKNOWN_USER_PASSWORD_HASH = make_password("musewave-no-such-user")


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _pair_for(user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def auth_login(*, username_or_email: str, password: str) -> tuple[User, TokenPair]:
    """Check the credentials and issue an access and a refresh token."""
    if not isinstance(username_or_email, str) or not username_or_email.strip():
        raise ValidationFailed.field("username_or_email", "This field is required.")
    if not isinstance(password, str) or not password:
        raise ValidationFailed.field("password", "This field is required.")
    name = username_or_email.strip()
    lookup = {"email__iexact": name} if "@" in name else {"username__iexact": name}
    user = User.objects.filter(**lookup).first()
    if user is None:
        check_password(password, _UNKNOWN_USER_PASSWORD_HASH)
        raise AuthenticationRequired(INVALID_CREDENTIALS)
    if not user.check_password(password) or not user.is_active:
        raise AuthenticationRequired(INVALID_CREDENTIALS)
    return user, _pair_for(user)


def _refresh_token(raw: str) -> RefreshToken:
    if not isinstance(raw, str) or not raw:
        raise ValidationFailed.field("refresh", "This field is required.")
    try:
        return RefreshToken(raw)  # verifies signature, expiry, type and the blacklist
    except TokenError as exc:
        raise AuthenticationRequired(INVALID_TOKEN) from exc


@transaction.atomic
def auth_refresh(*, refresh: str) -> TokenPair:
    """A new access token and a new refresh token; the presented refresh token is revoked, so
    each one works once."""
    token = _refresh_token(refresh)
    # Lock the token's row so two concurrent refreshes cannot both spend it.
    outstanding = (
        OutstandingToken.objects.select_for_update()
        .filter(jti=token.get("jti"))
        .order_by("pk")  # the model's default ordering would join the nullable user
        .first()
    )
    if outstanding is None or BlacklistedToken.objects.filter(token=outstanding).exists():
        raise AuthenticationRequired(INVALID_TOKEN)
    user = _active_user(token.get("user_id"))
    BlacklistedToken.objects.create(token=outstanding)
    return _pair_for(user)


@transaction.atomic
def auth_logout(*, refresh: str) -> None:
    """Revoke a refresh token; its access tokens expire on their own within minutes."""
    _refresh_token(refresh).blacklist()


def _active_user(user_id) -> User:
    pk = parse_uuid(user_id)
    user = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None:
        raise AuthenticationRequired(INVALID_TOKEN)
    return user


def user_from_access_token(*, token: str) -> User:
    """The active user an access token was issued to; AuthenticationRequired otherwise."""
    try:
        access = AccessToken(token)
    except TokenError as exc:
        raise AuthenticationRequired(INVALID_TOKEN) from exc
    return _active_user(access.get("user_id"))


def user_from_authorization_header(*, header: str | None) -> User | None:
    """None without an `Authorization` header; the token's user with a valid `Bearer` one.

    A header that is present but malformed or carries a bad token is an error, never silently
    anonymous.
    """
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationRequired("Authorization header must be 'Bearer <access token>'.")
    return user_from_access_token(token=token.strip())


_REQUEST_USER_ATTRIBUTE = "_musewave_bearer_user"


def request_bearer_user(request) -> User | None:
    """The user a request's `Authorization` header proves (None without one), looked up once per
    request; a bad header raises AuthenticationRequired each time it is asked."""
    cached = request.__dict__.get(_REQUEST_USER_ATTRIBUTE)
    if cached is None:
        header = request.META.get("HTTP_AUTHORIZATION")
        try:
            cached = (user_from_authorization_header(header=header),)
        except AuthenticationRequired as exc:
            cached = exc
        request.__dict__[_REQUEST_USER_ATTRIBUTE] = cached
    if isinstance(cached, AuthenticationRequired):
        raise cached
    return cached[0]

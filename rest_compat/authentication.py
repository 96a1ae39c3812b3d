"""`Authorization: Bearer <access token>` for the legacy API."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from musewave.errors import AuthenticationRequired
from musewave.models import User
from musewave.services.auth import request_bearer_user

# The challenge of every 401 answer, from DRF or from the domain.
WWW_AUTHENTICATE = 'Bearer realm="musewave"'


class BearerTokenAuthentication(BaseAuthentication):
    """The user of Django's `request.user`, which BearerTokenUserMiddleware takes from the
    bearer token (so every layer sees one identity). No header: anonymous (legacy clients).
    A header with a bad token: 401, never anonymous."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        try:
            user = request_bearer_user(request._request)
        except AuthenticationRequired as exc:
            raise AuthenticationFailed(exc.message) from exc
        return (user, None) if user is not None else None

    def authenticate_header(self, request: Request) -> str:
        return WWW_AUTHENTICATE


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Describes the bearer scheme in the OpenAPI document."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}

"""Token login, refresh, logout and the current user."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from musewave.services import auth
from rest_compat import openapi
from rest_compat.actors import required_user
from rest_compat.base import LegacyAPIView, login, parse_body
from rest_compat.serializers.auth import (
    LoginInput,
    LoginSerializer,
    RefreshInput,
    TokenPairSerializer,
)
from rest_compat.serializers.common import ErrorSerializer, SuccessSerializer
from rest_compat.serializers.users import UserSerializer

TAG = ["authentication"]
UNAUTHORIZED = OpenApiResponse(
    ErrorSerializer, description="Wrong credentials, or a bad, expired or revoked token."
)
THROTTLED = OpenApiResponse(
    ErrorSerializer, description="Too many attempts; see the Retry-After header."
)


def _spends_refresh_token(summary: str, ok):
    """The schema of an operation on the refresh token the body holds."""
    return extend_schema(
        tags=TAG,
        summary=summary,
        request=RefreshInput,
        responses={200: ok, 400: openapi.INVALID, 401: UNAUTHORIZED},
    )


class TokenView(LegacyAPIView):
    # Hands out or takes back tokens: open to anyone, acting for no one. (No docstring: the
    # schema would take it for every operation's description.)
    openapi_token, openapi_actor = openapi.OPTIONAL, False


class LoginView(TokenView):
    @extend_schema(
        tags=TAG,
        summary="Exchange a username (or email) and password for tokens",
        description="Attempts count (before the password is checked) per address, per account "
        "and address, and per account from everywhere, under the same limits as the admin's "
        "login page; past them the answer is 429 with Retry-After, even for the right password.",
        request=LoginInput,
        responses={200: LoginSerializer, 400: openapi.INVALID, 401: UNAUTHORIZED, 429: THROTTLED},
    )
    def post(self, request):
        user, tokens = login(request, parse_body(request, LoginInput))
        return Response(
            LoginSerializer(
                {"token": tokens, "user": user}, context={"viewer": user, "request": request}
            ).data
        )


class RefreshView(TokenView):
    @_spends_refresh_token(
        "A new access token (and a new refresh token; the old one is spent)", TokenPairSerializer
    )
    def post(self, request):
        tokens = auth.auth_refresh(**parse_body(request, RefreshInput))
        return Response(TokenPairSerializer(tokens).data)


class LogoutView(TokenView):
    @_spends_refresh_token("Revoke a refresh token", SuccessSerializer)
    def post(self, request):
        auth.auth_logout(**parse_body(request, RefreshInput))
        return Response({"success": True})


class MeView(LegacyAPIView):
    openapi_token = openapi.REQUIRED

    @extend_schema(
        tags=TAG,
        summary="The user the access token belongs to",
        responses={200: UserSerializer, 401: UNAUTHORIZED},
    )
    def get(self, request):
        user = required_user(request)
        return Response(UserSerializer(user, context={"viewer": user, "request": request}).data)

"""Signing in and out with tokens, by the rules of `musewave.services.auth` (as in REST)."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave.services import auth
from musewave.throttling import throttle_login
from schema.auth.types import LoginPayload, LogoutPayload, TokenPairType
from schema.core.mutations import mutation
from schema.core.viewer import client_details, credentials_presented

RefreshArg = Annotated[str, strawberry.argument(description="A refresh token.")]


def _pair(tokens: auth.TokenPair) -> TokenPairType:
    return TokenPairType(access=tokens.access, refresh=tokens.refresh)


@strawberry.type
class AuthMutations:
    @mutation(
        description="Exchange a username (or email) and password for tokens. Wrong credentials "
        "answer the same whether or not the account exists.",
    )
    def login(
        self,
        info: Info,
        username_or_email: Annotated[str, strawberry.argument(description="Username or email.")],
        password: Annotated[str, strawberry.argument(description="The password.")],
    ) -> LoginPayload:
        throttle_login(
            ip_address=client_details(info)["ip_address"], username_or_email=username_or_email
        )
        user, tokens = auth.auth_login(username_or_email=username_or_email, password=password)
        # The credentials prove who asks, so the payload shows the user's private fields; the
        # rest of the document keeps the identity of the request's token.
        return LoginPayload(token=_pair(tokens), user=credentials_presented(user))

    @mutation(
        description="A new token pair for a refresh token, which is spent (each works once).",
    )
    def refresh_token(self, info: Info, refresh: RefreshArg) -> TokenPairType:
        return _pair(auth.auth_refresh(refresh=refresh))

    @mutation(description="Revoke a refresh token (sign out).")
    def logout(self, info: Info, refresh: RefreshArg) -> LogoutPayload:
        auth.auth_logout(refresh=refresh)
        return LogoutPayload(success=True)

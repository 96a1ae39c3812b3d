"""Token payloads."""

import strawberry

from schema.users.types import UserType


@strawberry.type(name="TokenPair", description="A short-lived access token and a refresh token.")
class TokenPairType:
    access: str = strawberry.field(
        description="Send as `Authorization: Bearer <access>`; expires after minutes."
    )
    refresh: str = strawberry.field(
        description="Exchange once with `refreshToken` for a new pair; revoke with `logout`."
    )


@strawberry.type(name="Session", description="A new session: its tokens and its user.")
class LoginPayload:
    token: TokenPairType = strawberry.field(description="The session's tokens.")
    user: UserType = strawberry.field(description="The signed-in user.")


@strawberry.type(name="SignedOut", description="The refresh token was revoked.")
class LogoutPayload:
    success: bool = strawberry.field(description="Always true.")

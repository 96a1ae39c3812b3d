"""The WebSocket endpoint at /graphql: Strawberry's Channels consumer, for both the
`graphql-transport-ws` and the older `graphql-ws` protocols.

The client authenticates in `connection_init` with `{"authorization": "Bearer <access>"}`; no
payload (or no `authorization`) is anonymous. A bad, expired or revoked token closes the
connection with 4403, as does a user who already holds the most connections allowed. Only
subscriptions run here: queries and mutations go over HTTP.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from musewave.errors import AuthenticationRequired
from musewave.metrics import WEBSOCKET_CONNECTIONS
from musewave.services.auth import user_from_authorization_header
from musewave.throttling import live_connection_acquire, live_connection_release
from schema.schema import schema

# Close codes (graphql-transport-ws: 4403 Forbidden answers a refused connection_init).
CLOSE_FORBIDDEN = 4403


@dataclass
class LiveContext:
    """What resolvers see as `info.context` on a WebSocket: `request` carries the viewer as an
    HTTP request does, so `get_viewer` works the same on both transports."""

    request: Any
    ws: Any
    connection_params: dict[str, Any] | None = field(default=None)


class SubscriptionsOnly:
    """The schema, but a WebSocket operation may only be a subscription: resolvers of queries
    and mutations are synchronous ORM code, which must not run inside the event loop."""

    def __init__(self, schema: Any) -> None:
        self._schema = schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["allowed_operation_types"] = (OperationType.SUBSCRIPTION,)
        return await self._schema.stream(*args, **kwargs)

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        kwargs["allowed_operation_types"] = (OperationType.SUBSCRIPTION,)
        return await self._schema.execute(*args, **kwargs)


class LiveConsumer(GraphQLWSConsumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limits in force when the connection opens.
        self.max_subscriptions_per_connection = settings.MUSEWAVE_WS_MAX_SUBSCRIPTIONS
        self.connection_init_wait_timeout = dt.timedelta(
            seconds=settings.MUSEWAVE_WS_INIT_TIMEOUT_SECONDS
        )
        self._slot_user_id: Any = None
        self._open = False
        self._rejection: tuple[int, str] | None = None
        # `get_viewer` reads `request.user`; the consumer is the request on a WebSocket.
        self.user = None

    async def get_context(self, request: Any, response: Any) -> LiveContext:
        return LiveContext(request=request, ws=request)

    def _reject(self, reason: str) -> ConnectionRejectionError:
        self._rejection = (CLOSE_FORBIDDEN, reason)
        return ConnectionRejectionError({"message": reason})

    async def on_ws_connect(self, context: LiveContext) -> Any:
        params = context.connection_params or {}
        header = params.get("authorization", params.get("Authorization"))
        if header is not None and not isinstance(header, str):
            raise self._reject("authorization must be 'Bearer <access token>'.")
        try:
            viewer = await database_sync_to_async(user_from_authorization_header)(header=header)
        except AuthenticationRequired as exc:
            raise self._reject(exc.message) from exc
        if viewer is not None:
            if not await database_sync_to_async(live_connection_acquire)(user_id=viewer.pk):
                limit = settings.MUSEWAVE_WS_MAX_CONNECTIONS_PER_USER
                raise self._reject(f"Too many connections: at most {limit} per user.")
            self._slot_user_id = viewer.pk
        self.user = viewer
        return UNSET

    async def accept(self, *args: Any, **kwargs: Any) -> None:
        await super().accept(*args, **kwargs)
        if not self._open:
            self._open = True
            WEBSOCKET_CONNECTIONS.inc()

    async def close(self, code: Any = None, reason: str | None = None) -> None:
        # The protocol handlers close a refused connection_init with their own code and a
        # generic reason; the client is told which rule refused it.
        if self._rejection is not None:
            code, reason = self._rejection
        await super().close(code=code, reason=reason)
        self._closed()

    def _closed(self) -> None:
        if self._open:
            self._open = False
            WEBSOCKET_CONNECTIONS.dec()

    async def disconnect(self, code: int) -> None:
        try:
            await super().disconnect(code)
        finally:
            self._closed()
            if self._slot_user_id is not None:
                user_id, self._slot_user_id = self._slot_user_id, None
                await database_sync_to_async(live_connection_release)(user_id=user_id)


def live_consumer():
    """The ASGI application of one WebSocket connection to /graphql."""
    return LiveConsumer.as_asgi(
        schema=SubscriptionsOnly(schema),
        max_subscriptions_per_connection=settings.MUSEWAVE_WS_MAX_SUBSCRIPTIONS,
        connection_init_wait_timeout=dt.timedelta(
            seconds=settings.MUSEWAVE_WS_INIT_TIMEOUT_SECONDS
        ),
    )

"""WebSocket clients of the ASGI application, on the in-memory channel layer and on Redis.

Every test here runs once per layer: `memory` always, `redis` when REDIS_URL is set (CI).
Writes commit for real (transactional tests), since events leave only after a commit.
"""

import asyncio
import json
import os
from itertools import count

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from config.asgi import application
from musewave import events

TRANSPORT_WS = "graphql-transport-ws"
GRAPHQL_WS = "graphql-ws"
TIMEOUT = 5

REDIS_URL = os.environ.get("REDIS_URL", "").strip()


@pytest.fixture(
    params=[
        "memory",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(not REDIS_URL, reason="needs Redis (set REDIS_URL)"),
        ),
    ]
)
def layer(request, settings):
    """The channel layer events travel through; a fresh one per test (and event loop)."""
    if request.param == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    else:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "prefix": f"musewave-test-{os.getpid()}"},
            }
        }
    channel_layers.backends.clear()
    yield request.param
    channel_layers.backends.clear()


@sync_to_async
def access_token(user) -> str:
    return str(RefreshToken.for_user(user).access_token)


async def group_members(group: str) -> int:
    """How many channels are in `group` now, on either layer."""
    layer = get_channel_layer()
    if hasattr(layer, "_get_layer"):  # Redis publish/subscribe: members are per process
        loop_layer = layer._get_layer()
        return len(loop_layer.groups.get(loop_layer._get_group_channel_name(group), ()))
    return len(layer.groups.get(group, {}))


async def wait_for_members(group: str, n: int = 1) -> None:
    """Wait until `n` subscriptions listen to `group`: events sent before would be missed."""
    for _ in range(200):
        if await group_members(group) >= n:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{group} never had {n} members")


class Live:
    """A WebSocket connection to /graphql speaking one of the two protocols."""

    def __init__(self, protocol: str = TRANSPORT_WS) -> None:
        self.protocol = protocol
        self.ws = WebsocketCommunicator(application, "/graphql", subprotocols=[protocol])
        self._ids = count(1)

    async def open(self, token: str | None = None, payload: dict | None = None) -> dict:
        """Connect and send connection_init; returns the server's first answer (an ack, or the
        close message of a refused connection)."""
        connected, subprotocol = await self.ws.connect(timeout=TIMEOUT)
        assert connected and subprotocol == self.protocol
        if payload is None:
            payload = {"authorization": f"Bearer {token}"} if token else {}
        await self.ws.send_json_to({"type": "connection_init", "payload": payload})
        return await self.ws.receive_output(timeout=TIMEOUT)

    async def subscribe(self, query: str, variables: dict | None = None) -> str:
        op_id = str(next(self._ids))
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        payload = {"query": query, "variables": variables or {}}
        await self.ws.send_json_to({"id": op_id, "type": kind, "payload": payload})
        return op_id

    async def next(self, timeout: float = TIMEOUT) -> dict:
        """The next message's `data`; the whole message when it carries errors."""
        message = await self.ws.receive_json_from(timeout=timeout)
        if message["type"] in ("next", "data") and "errors" not in message["payload"]:
            return message["payload"]["data"]
        return message

    async def nothing(self, timeout: float = 0.3) -> bool:
        return await self.ws.receive_nothing(timeout=timeout)

    async def close(self) -> None:
        await self.ws.disconnect()


def message_text(output: dict) -> dict:
    """A websocket.send message of the communicator as JSON."""
    assert output["type"] == "websocket.send", output
    return json.loads(output["text"])


@pytest.fixture
def http():
    """A Django test client whose calls run outside the event loop, as the ASGI server runs
    views; returns (status, json)."""

    def call(method: str, path: str, body=None, token: str | None = None):
        client = Client()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        response = getattr(client, method)(
            path,
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            **headers,
        )
        return response.status_code, response.json()

    return sync_to_async(call)


@pytest.fixture
def graphql(http):
    async def run(query: str, variables: dict | None = None, token: str | None = None) -> dict:
        status, body = await http(
            "post", "/graphql", {"query": query, "variables": variables or {}}, token
        )
        assert status == 200, body
        return body

    return run


TRACK_GROUP = events.track_group
USER_GROUP = events.user_group

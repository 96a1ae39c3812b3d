"""The live gauges: open WebSocket connections and running subscriptions."""

import asyncio

import pytest
from prometheus_client import REGISTRY

from tests.live.conftest import TRACK_GROUP, Live, message_text, wait_for_members
from tests.live.test_subscriptions import ACTIVITY, COMMENTS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def gauge(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


async def settled(name: str, expected: float) -> float:
    """The gauge once it reached `expected` (closing finishes in the server a moment later)."""
    for _ in range(200):
        if gauge(name) == expected:
            break
        await asyncio.sleep(0.01)
    return gauge(name)


async def test_connections_and_subscriptions_are_counted_while_they_last(layer, track):
    connections = gauge("musewave_websocket_connections")
    subscriptions = gauge("musewave_websocket_subscriptions")

    first, second = Live(), Live()
    assert message_text(await first.open())["type"] == "connection_ack"
    assert message_text(await second.open())["type"] == "connection_ack"
    assert gauge("musewave_websocket_connections") == connections + 2
    assert gauge("musewave_websocket_subscriptions") == subscriptions

    activity = await first.subscribe(ACTIVITY, {"id": str(track.pk)})
    await first.subscribe(COMMENTS, {"id": str(track.pk)})
    await second.subscribe(ACTIVITY, {"id": str(track.pk)})
    # Both connections' channels listen to the track (one connection's subscriptions share one).
    await wait_for_members(TRACK_GROUP(track.pk), 2)
    assert await settled("musewave_websocket_subscriptions", subscriptions + 3) == (
        subscriptions + 3
    )

    # The client stops one subscription: its connection stays open.
    await first.ws.send_json_to({"id": activity, "type": "complete"})
    assert await settled("musewave_websocket_subscriptions", subscriptions + 2) == (
        subscriptions + 2
    )
    assert gauge("musewave_websocket_connections") == connections + 2

    # Closing a connection ends its subscriptions too.
    await first.close()
    assert await settled("musewave_websocket_connections", connections + 1) == connections + 1
    assert await settled("musewave_websocket_subscriptions", subscriptions + 1) == (
        subscriptions + 1
    )
    await second.close()
    assert await settled("musewave_websocket_connections", connections) == connections
    assert await settled("musewave_websocket_subscriptions", subscriptions) == subscriptions


async def test_a_refused_connection_is_not_left_counted(layer):
    connections = gauge("musewave_websocket_connections")
    live = Live()
    closed = await live.open(payload={"authorization": "Bearer not-a-token"})
    assert closed["type"] == "websocket.close" and closed["code"] == 4403
    assert await settled("musewave_websocket_connections", connections) == connections

"""The ASGI application serves HTTP through Django, as uvicorn runs it in production."""

import json

import pytest
from channels.testing import HttpCommunicator

from config.asgi import application
from tests.live.conftest import TRACK_GROUP, Live, wait_for_members

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def http(method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    communicator = HttpCommunicator(
        application,
        method,
        path,
        body=json.dumps(body).encode() if body is not None else b"",
        headers=[(b"content-type", b"application/json"), (b"host", b"localhost")],
    )
    response = await communicator.get_response(timeout=10)
    return response["status"], json.loads(response["body"])


async def test_rest_and_graphql_over_asgi_http(track):
    status, tracks = await http("GET", "/musewave/tracks/")
    assert status == 200
    assert [t["title"] for t in tracks] == ["Summer Vibes"]
    status, body = await http("POST", "/graphql", {"query": "{ tracks { title plays } }"})
    assert status == 200
    assert body == {"data": {"tracks": [{"title": "Summer Vibes", "plays": 0}]}}


async def test_a_write_served_over_asgi_reaches_a_subscriber(layer, track):
    """The view runs in a worker thread of the server's event loop and its commit hands the
    event back to that loop: the path every production write takes."""
    live = Live()
    await live.open()
    await live.subscribe(
        "subscription($id: ID!) { trackActivity(trackId: $id) { plays } }", {"id": str(track.pk)}
    )
    await wait_for_members(TRACK_GROUP(track.pk))
    status, _ = await http("POST", f"/musewave/tracks/{track.pk}/play/", {"duration": 5})
    assert status == 201
    assert await live.next() == {"trackActivity": {"plays": 1}}
    await live.close()

import asyncio
import io
import json

import pytest

from musewave.models import User


def test_oversized_bodies_are_refused_before_any_view(client, settings, db):
    settings.MUSEWAVE_MAX_BODY_BYTES = 1000
    body = json.dumps({"bio": "x" * 2000})
    response = client.post("/admin/login/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"message": "Request body too large; the limit is 1000 bytes."}


def test_bodies_within_the_limit_pass(client, settings, db):
    settings.MUSEWAVE_MAX_BODY_BYTES = 1000
    response = client.get("/admin/login/")
    assert response.status_code == 200


def chunked(client, path, body: bytes, *, terminated=True):
    """A request as a WSGI server hands over a `Transfer-Encoding: chunked` body: no
    Content-Length, and `wsgi.input` already de-chunked (when the server says it terminates)."""
    environ = {
        "CONTENT_LENGTH": "",
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
    }
    if terminated:
        environ["wsgi.input_terminated"] = True
    return client.generic("POST", path, **environ)


def test_chunked_rest_bodies_are_read(client, db):
    body = {"username": "chunky", "email": "chunky@example.com", "password": "Str0ng-Passw0rd!"}
    response = chunked(client, "/musewave/users/create/", json.dumps(body).encode())
    assert response.status_code == 201, response.content
    assert response.json()["username"] == "chunky"
    assert User.objects.filter(username="chunky").exists()


def test_chunked_graphql_bodies_are_read(client, db):
    response = chunked(client, "/graphql", json.dumps({"query": "{ __typename }"}).encode())
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_chunked_bodies_over_the_limit_are_refused_while_streaming(client, settings, db):
    settings.MUSEWAVE_MAX_BODY_BYTES = 1000
    settings.MUSEWAVE_MEDIA_MAX_BODY_BYTES = 1000  # users/create takes data: URLs
    body = json.dumps(
        {"username": "big", "email": "b@example.com", "password": "x", "bio": "y" * 5000}
    )
    stream = io.BytesIO(body.encode())
    response = client.generic(
        "POST",
        "/musewave/users/create/",
        CONTENT_LENGTH="",
        CONTENT_TYPE="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream, "wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert response.json() == {"message": "Request body too large; the limit is 1000 bytes."}
    assert stream.tell() <= 1001  # stopped reading just past the limit
    assert not User.objects.filter(username="big").exists()


def test_chunked_bodies_the_server_cannot_frame_are_refused_with_411(client, db):
    body = {"username": "raw", "email": "raw@example.com", "password": "Str0ng-Passw0rd!"}
    response = chunked(
        client, "/musewave/users/create/", json.dumps(body).encode(), terminated=False
    )
    assert response.status_code == 411
    assert response.json()["message"].startswith("A chunked request body needs a Content-Length")
    assert not User.objects.filter(username="raw").exists()


@pytest.mark.django_db(transaction=True)
def test_chunked_bodies_are_read_over_asgi_too():
    """An ASGI server hands the de-chunked body over in pieces, without a Content-Length."""
    from config.asgi import application

    body = json.dumps(
        {"username": "asgi", "email": "asgi@example.com", "password": "Str0ng-Passw0rd!"}
    )
    pieces = [body[:20].encode(), body[20:].encode()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/musewave/users/create/",
        "raw_path": b"/musewave/users/create/",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"transfer-encoding", b"chunked"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    messages = [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1}
        for i, piece in enumerate(pieces)
    ]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # the client stays connected until the answer is sent

    async def send(message):
        sent.append(message)

    asyncio.run(application(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 201, content
    assert json.loads(content)["username"] == "asgi"

"""Request ids: taken from a valid X-Request-ID or generated, echoed, on every log line, and in
the body of an internal error in both APIs."""

import json
import re
import uuid

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client, override_settings

HEX32 = re.compile(r"^[0-9a-f]{32}$")
GIVEN = "0f8fad5bd9cb469fa16570867728950e"


@pytest.fixture
def http(db) -> Client:
    return Client(raise_request_exception=False)


def test_a_valid_request_id_is_echoed(http):
    assert http.get("/health/live", HTTP_X_REQUEST_ID=GIVEN)["X-Request-ID"] == GIVEN
    hyphenated = str(uuid.uuid4())
    assert http.get("/musewave/tracks/", HTTP_X_REQUEST_ID=hyphenated)["X-Request-ID"] == hyphenated


def test_a_missing_request_id_is_generated_fresh_for_each_request(http):
    first = http.get("/health/live")["X-Request-ID"]
    second = http.get("/musewave/tracks/")["X-Request-ID"]
    assert HEX32.match(first) and HEX32.match(second)
    assert first != second


@pytest.mark.parametrize(
    "garbage",
    [
        "not-a-request-id",
        "<script>alert(1)</script>",
        "x" * 5000,
        GIVEN + "0" * 64,
        GIVEN + "\nforged log line",
        "",
    ],
)
def test_an_invalid_request_id_is_replaced(http, garbage):
    echoed = http.get("/health/live", HTTP_X_REQUEST_ID=garbage)["X-Request-ID"]
    assert HEX32.match(echoed)
    assert echoed != garbage


def test_browsers_may_read_the_request_id(http, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://musewave.app"]
    response = http.get("/musewave/tracks/", HTTP_ORIGIN="https://musewave.app")
    exposed = response["Access-Control-Expose-Headers"]
    assert exposed == "X-Request-ID, Accept-Ranges, Content-Range, ETag"


def test_every_log_line_of_a_request_carries_its_id(http, json_log):
    response = http.get("/musewave/users/not-a-uuid/", HTTP_X_REQUEST_ID=GIVEN)
    assert response.status_code in (400, 404)
    records = json_log.records
    assert {record["request_id"] for record in records} == {GIVEN}
    [access] = [r for r in records if r["logger"] == "musewave.request"]
    assert access["method"] == "GET"
    assert access["path"] == "/musewave/users/not-a-uuid/"
    assert access["status"] == response.status_code
    assert isinstance(access["duration_ms"], float)
    assert {"time", "level", "logger", "message", "request_id"} <= set(access)


def _break_rest(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("musewave.selectors.users.users_active", broken)


@override_settings(DEBUG=False)
def test_a_rest_internal_error_carries_only_the_request_id(http, monkeypatch, json_log):
    _break_rest(monkeypatch)
    response = http.get("/musewave/users/", HTTP_X_REQUEST_ID=GIVEN)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Internal server error.", "request_id": GIVEN}
    # The log line with the traceback carries the same id.
    [error] = [r for r in json_log.records if r["level"] == "ERROR"]
    assert error["request_id"] == GIVEN
    assert "secret internal detail" in error["exc_info"]


@override_settings(DEBUG=False)
def test_a_graphql_internal_error_carries_only_the_request_id(http, monkeypatch, json_log):
    monkeypatch.setattr(
        "schema.users.queries.users_active", lambda: (_ for _ in ()).throw(RuntimeError("secret"))
    )
    response = http.post(
        "/graphql",
        json.dumps({"query": "{ users { username } }"}),
        content_type="application/json",
        HTTP_X_REQUEST_ID=GIVEN,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["errors"][0]["message"] == "Internal error."
    assert body["errors"][0]["extensions"] == {"requestId": GIVEN}
    assert "secret" not in response.content.decode()
    errors = [r for r in json_log.records if r["level"] == "ERROR"]
    assert errors
    assert {r["request_id"] for r in errors} == {GIVEN}


def test_probes_and_scrapes_log_at_debug_level_unless_they_fail(http, json_log, settings):
    settings.METRICS_ENABLED = True
    http.get("/health/live")
    http.get("/metrics", REMOTE_ADDR="203.0.113.7")
    http.get("/musewave/tracks/")
    lines = [(r["level"], r["message"].rsplit(" ", 1)[0]) for r in json_log.records
             if r["logger"] == "musewave.request"]  # fmt: skip
    assert lines == [
        ("DEBUG", "GET /health/live 200"),
        ("INFO", "GET /metrics 403"),
        ("INFO", "GET /musewave/tracks/ 200"),
    ]


@pytest.mark.django_db(transaction=True)
def test_request_ids_under_asgi(json_log):
    async def requests():
        http = AsyncClient()
        given = await http.get("/musewave/tracks/", headers={"X-Request-ID": GIVEN})
        garbage = await http.get("/health/live", headers={"X-Request-ID": "x" * 100})
        return given, garbage

    given, garbage = async_to_sync(requests)()
    assert given["X-Request-ID"] == GIVEN
    assert HEX32.match(garbage["X-Request-ID"])
    access = [r for r in json_log.records if r["logger"] == "musewave.request"]
    assert [r["request_id"] for r in access] == [GIVEN, garbage["X-Request-ID"]]

"""Error reports to Sentry: unhandled errors, with the request id, without personal data."""

import json

import pytest
import sentry_sdk
from django.core.wsgi import get_wsgi_application
from django.test import Client, override_settings
from rest_framework_simplejwt.tokens import RefreshToken
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from config.sentry import sentry_init
from tests.conftest import PASSWORD
from tests.ops.conftest import wsgi_get

GIVEN = "0f8fad5bd9cb469fa16570867728950e"


class Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.events.extend(item.payload.json for item in envelope.items if item.type == "event")


@pytest.fixture
def reported():
    transport = Captured()
    sentry_init(dsn="https://public@sentry.invalid/1", environment="test", transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=False)
def test_an_unhandled_error_is_reported_with_the_request_id_and_no_personal_data(
    alice, reported, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError(f"the database caught fire under Bearer {access}")

    monkeypatch.setattr("musewave.selectors.users.users_active", broken)
    access = str(RefreshToken.for_user(alice).access_token)
    status, headers, body = wsgi_get(
        get_wsgi_application(),
        "/musewave/users/",
        f"limit=5&password={PASSWORD}",
        HTTP_X_REQUEST_ID=GIVEN,
        HTTP_AUTHORIZATION=f"Bearer {access}",
        HTTP_COOKIE="sessionid=secret-cookie-value",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        REMOTE_ADDR="203.0.113.7",
    )
    assert status.startswith("500")
    assert headers["X-Request-ID"] == GIVEN
    assert json.loads(body) == {"message": "Internal server error.", "request_id": GIVEN}
    sentry_sdk.flush()
    [event] = [e for e in reported if e.get("exception")]
    assert event["tags"]["request_id"] == GIVEN
    assert event["exception"]["values"][-1]["value"].startswith("the database caught fire")
    request = event["request"]
    assert request["method"] == "GET"
    assert request["url"].endswith("/musewave/users/")
    assert "limit=5" in request["query_string"]
    text = json.dumps(event)
    for private in (
        PASSWORD,
        access,
        "secret-cookie-value",
        "203.0.113.7",
        "198.51.100.23",
        alice.email,
    ):
        assert private not in text
    assert not event.get("user")


def test_sentry_is_off_without_a_dsn():
    assert not sentry_sdk.get_client().is_active()


@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=False)
def test_a_graphql_internal_error_is_reported_with_the_request_id(reported, monkeypatch):
    def broken(*, username):
        raise RuntimeError("resolver broke")

    monkeypatch.setattr("schema.users.queries.users_with_username", broken)
    query = "query User($name: String) { user(username: $name) { username } }"
    response = Client().post(
        "/graphql",
        json.dumps({"query": query, "variables": {"name": PASSWORD}}),
        content_type="application/json",
        HTTP_X_REQUEST_ID=GIVEN,
    )
    assert response.json()["errors"][0]["extensions"] == {"requestId": GIVEN}
    sentry_sdk.flush()
    events = [e for e in reported if e.get("exception")]
    assert events
    assert {e["tags"]["request_id"] for e in events} == {GIVEN}
    assert any(e["exception"]["values"][-1]["value"] == "resolver broke" for e in events)
    # Variables may hold anything a client sends; they are not reported.
    assert PASSWORD not in json.dumps(events)

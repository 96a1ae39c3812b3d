"""A browser frontend on another origin: credentials and a JSON Content-Type even on GET."""

import pytest
from django.test import Client, override_settings

ALLOWED = "https://app.example.com"
PATH = "/musewave/tracks/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _origins():
    with override_settings(CORS_ALLOWED_ORIGINS=[ALLOWED]):
        yield


def _preflight(origin: str):
    return Client().options(
        PATH,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def _get(origin: str):
    return Client().get(PATH, HTTP_ORIGIN=origin, CONTENT_TYPE="application/json")


def test_preflight_from_allowed_origin(track):
    response = _preflight(ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"].lower()


def test_get_with_credentials_from_allowed_origin(track):
    response = _get(ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert [t["id"] for t in response.json()] == [str(track.pk)]


def test_post_from_allowed_origin_is_allowed(track, bob):
    preflight = Client().options(
        f"/musewave/tracks/{track.pk}/like/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    response = Client().post(
        f"/musewave/tracks/{track.pk}/like/",
        data={"userId": str(bob.pk)},
        content_type="application/json",
        HTTP_ORIGIN=ALLOWED,
    )
    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == ALLOWED


@pytest.mark.parametrize("origin", ["https://evil.example.com", "http://app.example.com"])
def test_unlisted_origin_gets_no_cors_headers(track, origin):
    for response in (_preflight(origin), _get(origin)):
        assert "Access-Control-Allow-Origin" not in response
        assert "Access-Control-Allow-Credentials" not in response

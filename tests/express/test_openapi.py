"""The Express dialect's own OpenAPI description and Swagger UI page."""

import re

import pytest
from drf_spectacular.validation import validate_schema

from rest_compat import express_urls

pytestmark = pytest.mark.django_db

DOCUMENTED_PATHS = {
    "/api/users": {"get", "post"},
    "/api/users/{user_id}": {"get", "patch"},
    "/api/users/username/{username}": {"get"},
    "/api/users/{user_id}/stats": {"get"},
    "/api/users/{user_id}/albums": {"get"},
    "/api/users/{user_id}/likes": {"get"},
    "/api/users/{user_id}/plays": {"get"},
    "/api/users/{user_id}/follow": {"post", "delete"},
    "/api/users/{user_id}/follow/{follower_id}": {"get"},
    "/api/users/{user_id}/followers": {"get"},
    "/api/users/{user_id}/following": {"get"},
    "/api/artists": {"get"},
    "/api/tracks": {"get", "post"},
    "/api/tracks/{track_id}": {"get", "patch", "delete"},
    "/api/tracks/{track_id}/stats": {"get"},
    "/api/tracks/{track_id}/like": {"post", "delete"},
    "/api/tracks/{track_id}/like/{user_id}": {"get"},
    "/api/tracks/{track_id}/download": {"post"},
    "/api/tracks/{track_id}/downloads": {"get"},
    "/api/tracks/{track_id}/play": {"post"},
    "/api/tracks/{track_id}/plays": {"get"},
    "/api/albums": {"post"},
    "/api/albums/{album_id}": {"get", "patch", "delete"},
    "/api/search": {"get"},
    "/api/search/rebuild": {"post"},
    "/api/auth/login": {"post"},
    "/api/auth/refresh": {"post"},
    "/api/auth/logout": {"post"},
    "/api/auth/me": {"get"},
}


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_description_is_valid_and_covers_every_route(schema):
    validate_schema(schema)
    assert schema["info"]["title"] == "MuseWave REST API, Express dialect"
    assert {p: set(ops) for p, ops in schema["paths"].items()} == DOCUMENTED_PATHS
    assert len(express_urls.ROUTES) == len(DOCUMENTED_PATHS)


def test_the_legacy_description_stays_legacy_only(client):
    paths = client.get("/musewave/openapi.json").json()["paths"]
    assert all(path.startswith("/musewave/") for path in paths)


def test_fields_are_camel_case_and_optional_instead_of_null(schema):
    components = schema["components"]["schemas"]
    track = components["ExpressTrack"]
    assert {"userId", "audioDuration", "publishedAt", "createdAt"} <= set(track["properties"])
    assert "published_at" not in track["properties"]
    assert not any(prop.get("nullable") for prop in track["properties"].values())
    assert "publishedAt" not in track.get("required", [])
    create = components["ExpressTrackCreateInputRequest"]
    assert {"userId", "artistSlug", "audioUrl"} <= set(create["required"])
    assert "trackCount" not in components["ExpressAlbum"]["properties"]
    assert "password" not in components["ExpressUser"]["properties"]


def test_swagger_ui_page(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Express dialect" in html and "/api/docs/?script=" in html
    assert not re.search(r"https?://(cdn|unpkg|fastly)", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert "/api/openapi.json" in script.content.decode()

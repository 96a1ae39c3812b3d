"""The OpenAPI description of the legacy API and its Swagger UI."""

import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import get_resolver

from rest_compat import urls as rest_urls

pytestmark = pytest.mark.django_db

DOCUMENTED_PATHS = {
    "/musewave/users/": {"get"},
    "/musewave/users/{user_id}/": {"get"},
    "/musewave/users/username/{username}/": {"get"},
    "/musewave/users/create/": {"post"},
    "/musewave/users/{user_id}/update/": {"patch"},
    "/musewave/users/{user_id}/stats/": {"get"},
    "/musewave/tracks/": {"get"},
    "/musewave/tracks/{track_id}/": {"get"},
    "/musewave/tracks/create/": {"post"},
    "/musewave/tracks/{track_id}/update/": {"patch"},
    "/musewave/tracks/{track_id}/delete/": {"delete"},
    "/musewave/tracks/{track_id}/stats/": {"get"},
    "/musewave/users/{user_id}/albums": {"get"},
    "/musewave/albums/{album_id}": {"get"},
    "/musewave/albums": {"post"},
    "/musewave/albums/{album_id}/update": {"patch"},
    "/musewave/albums/{album_id}/delete": {"delete"},
    "/musewave/tracks/{track_id}/like/": {"post"},
    "/musewave/tracks/{track_id}/like/delete/": {"delete"},
    "/musewave/tracks/{track_id}/like/{user_id}/": {"get"},
    "/musewave/users/{user_id}/likes/": {"get"},
    "/musewave/tracks/{track_id}/download/": {"post"},
    "/musewave/tracks/{track_id}/downloads/": {"get"},
    "/musewave/tracks/{track_id}/play/": {"post"},
    "/musewave/tracks/{track_id}/plays/": {"get"},
    "/musewave/users/{user_id}/plays/": {"get"},
    "/musewave/users/{user_id}/follow/": {"post"},
    "/musewave/users/{user_id}/follow/delete/": {"delete"},
    "/musewave/users/{user_id}/follow/{follower_id}/": {"get"},
    "/musewave/users/{user_id}/followers/": {"get"},
    "/musewave/users/{user_id}/following/": {"get"},
    "/musewave/search/": {"get"},
    "/musewave/search/rebuild/": {"post"},
    "/musewave/artists/": {"get"},
    "/musewave/auth/login/": {"post"},
    "/musewave/auth/refresh/": {"post"},
    "/musewave/auth/logout/": {"post"},
    "/musewave/auth/me/": {"get"},
}


def test_spectacular_validates_without_warnings(tmp_path):
    target = tmp_path / "openapi.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(target),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    schema = json.loads(target.read_text())
    assert schema["info"]["title"] == "MuseWave REST API"


def test_openapi_json_describes_every_legacy_endpoint(client):
    response = client.get("/musewave/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    paths = {p: set(ops) for p, ops in schema["paths"].items() if p.startswith("/musewave/")}
    assert paths == DOCUMENTED_PATHS
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "200" in operation["responses"] or "201" in operation["responses"], (
                path,
                method,
            )
            if method in ("post", "patch") and path not in (
                "/musewave/search/rebuild/",
                "/musewave/tracks/{track_id}/download/",
            ):
                assert "requestBody" in operation, (path, method)


def test_openapi_shapes_match_the_contract(client):
    components = client.get("/musewave/openapi.json").json()["components"]["schemas"]
    track = components["Track"]
    assert track["properties"]["audio_duration"] == {"type": "number", "format": "double"}
    assert track["properties"]["tags"]["type"] == "array"
    assert track["properties"]["published_at"]["nullable"] is True
    assert set(components["TrackStats"]["properties"]) == {
        "track_id",
        "daily_plays",
        "total_unique_listeners",
        "avg_listen_duration",
        "completion_rate",
        "updated_at",
    }
    assert "password" not in components["User"]["properties"]
    assert "password" in components["UserCreateInput"]["properties"]


def test_every_legacy_route_is_documented():
    """A new route added to the URL table without a description fails here."""
    routes = [p for p in rest_urls.urlpatterns if p.name not in ("openapi", "docs", "unknown-path")]
    assert len(routes) == len(DOCUMENTED_PATHS)
    assert get_resolver().resolve("/musewave/openapi.json").url_name == "openapi"


def test_swagger_ui_is_served_without_a_cdn(client):
    response = client.get("/musewave/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    # The start-up script (served apart, for the Content-Security-Policy) loads the description.
    assert '<script src="/musewave/docs/?script="></script>' in html
    assert "/musewave/openapi.json" in client.get("/musewave/docs/?script=").content.decode()
    assert not re.search(r"https?://(cdn|unpkg|fastly)", html)
    bundle = re.search(r'src="/static/(drf_spectacular_sidecar/[^"]*swagger-ui-bundle\.js)"', html)
    assert bundle, html
    assert finders.find(bundle.group(1)) is not None

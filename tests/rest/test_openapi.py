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
    "/musewave/tracks/upload/": {"post"},
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
    "/musewave/playlists/": {"get", "post"},
    "/musewave/playlists/{playlist_id}/": {"get", "patch", "delete"},
    "/musewave/playlists/{playlist_id}/tracks/": {"post"},
    "/musewave/playlists/{playlist_id}/order/": {"post"},
    "/musewave/playlists/{playlist_id}/duplicate/": {"post"},
    "/musewave/playlists/{playlist_id}/items/{item_id}/": {"delete"},
    "/musewave/playlists/{playlist_id}/items/{item_id}/move/": {"post"},
    "/musewave/users/{user_id}/playlists/": {"get"},
    "/musewave/notifications/": {"get"},
    "/musewave/notifications/read/": {"post"},
    "/musewave/feed/": {"get"},
    "/musewave/tracks/{track_id}/repost/": {"post", "delete"},
    "/musewave/tracks/{track_id}/stream/": {"get"},
    "/musewave/tracks/{track_id}/stream-url/": {"get"},
    "/musewave/tracks/{track_id}/file/": {"get"},
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
                "/musewave/tracks/{track_id}/repost/",
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
    assert "password" in components["UserCreateInputRequest"]["properties"]
    assert components["UserCreateInputRequest"]["properties"]["username"]["minLength"] == 1


def test_every_legacy_route_is_documented():
    """A new route added to the URL table without a description fails here."""
    routes = [p for p in rest_urls.urlpatterns if p.name not in ("openapi", "docs", "unknown-path")]
    # One route per documented path, however many methods it serves.
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


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_is_described_tagged_and_served(client):
    """What Spectral's OpenAPI rules ask, checked without node: descriptions, global tags,
    servers and a contact."""
    schema = client.get("/musewave/openapi.json").json()
    declared_tags = {tag["name"] for tag in schema["tags"]}
    assert all(tag.get("description") for tag in schema["tags"])
    for path, method, operation in _operations(schema):
        assert operation.get("description", "").strip(), (path, method)
        assert operation["tags"] and set(operation["tags"]) <= declared_tags, (path, method)
    # Served, the document names the server that served it.
    assert schema["servers"] == [{"url": "http://testserver", "description": "This server."}]
    assert schema["info"]["contact"]["name"]
    assert schema["info"]["contact"]["url"].startswith("https://")


def test_generated_offline_it_names_the_configured_server(tmp_path):
    target = tmp_path / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(target))
    servers = json.loads(target.read_text())["servers"]
    assert servers == [{"url": "http://localhost:5000", "description": "The API server."}]


OPTIONAL = [{"bearerAuth": []}, {}]
REQUIRED = [{"bearerAuth": []}]


def test_security_says_where_a_token_is_optional_and_where_it_is_needed(client, settings):
    legacy = client.get("/musewave/openapi.json").json()["paths"]
    assert legacy["/musewave/tracks/"]["get"]["security"] == OPTIONAL
    assert legacy["/musewave/tracks/{track_id}/like/"]["post"]["security"] == OPTIONAL
    assert legacy["/musewave/auth/me/"]["get"]["security"] == REQUIRED
    assert legacy["/musewave/notifications/"]["get"]["security"] == REQUIRED
    assert legacy["/musewave/tracks/{track_id}/repost/"]["post"]["security"] == REQUIRED

    settings.MUSEWAVE_REQUIRE_AUTH = True
    required = client.get("/musewave/openapi.json").json()["paths"]
    assert required["/musewave/tracks/"]["get"]["security"] == OPTIONAL
    assert required["/musewave/tracks/{track_id}/like/"]["post"]["security"] == REQUIRED
    assert required["/musewave/tracks/{track_id}/update/"]["patch"]["security"] == REQUIRED
    assert required["/musewave/search/rebuild/"]["post"]["security"] == REQUIRED
    # Anonymous plays and downloads, signing up and logging in need no token in any mode.
    for path in ("tracks/{track_id}/play/", "tracks/{track_id}/download/", "users/create/",
                 "auth/login/", "auth/refresh/"):  # fmt: skip
        assert required[f"/musewave/{path}"]["post"]["security"] == OPTIONAL, path
    assert "Needs a bearer token" in required["/musewave/tracks/create/"]["post"]["description"]


def test_errors_are_documented_where_they_can_occur(client):
    schema = client.get("/musewave/openapi.json").json()
    error = {"$ref": "#/components/schemas/LegacyError"}
    assert schema["components"]["schemas"]["LegacyError"] == {
        "oneOf": [
            {"$ref": "#/components/schemas/Error"},
            {"$ref": "#/components/schemas/MessageError"},
        ]
    }
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        expected = {"401", "413"}
        if method != "get":
            expected |= {"400", "429"}
        if "{" in path:
            expected.add("404")
        assert expected <= set(responses), (path, method, sorted(responses))
        for status, response in responses.items():
            if status == "416":  # the media routes' unsatisfiable range has no body
                assert "content" not in response and response["description"]
            elif status >= "400":
                assert response["content"]["application/json"]["schema"] == error, (path, status)
                assert response["description"], (path, status)
        if "429" in responses:
            assert responses["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}
        assert "WWW-Authenticate" in responses["401"]["headers"]
    like = schema["paths"]["/musewave/tracks/{track_id}/like/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "411", "413", "415", "429"} <= set(like)
    assert "403" not in schema["paths"]["/musewave/auth/login/"]["post"]["responses"]


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"path": "/musewave/auth/me/"}, 401),
        ({"path": "/musewave/tracks/", "HTTP_AUTHORIZATION": "Bearer nonsense"}, 401),
        ({"path": "/musewave/nowhere-near/"}, 404),
    ],
)
def test_documented_error_bodies_match_what_is_sent(client, request_kwargs, status):
    """The error bodies really are one of the LegacyError shapes."""
    response = client.get(**request_kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) in ({"error"}, {"message"})

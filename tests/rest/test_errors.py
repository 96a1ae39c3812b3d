"""Request-level errors: bodies that are not JSON objects, wrong media types, odd input."""

import pytest
from rest_framework import exceptions

from musewave import errors as domain
from musewave.models import Like, Track, User
from rest_compat.errors import exception_handler


@pytest.mark.parametrize("body", ["{not json", '{"userId": }', "", "NaN", '{"a": Infinity}'])
def test_malformed_json_is_400(api, track, body):
    if body == "":
        # An empty body is no body: the rule of the endpoint answers.
        response = api.post(f"/musewave/tracks/{track.pk}/like/", body)
        assert response.status_code == 400
        assert response.json() == {"error": "userId is required"}
        return
    response = api.post(f"/musewave/tracks/{track.pk}/like/", body)
    assert response.status_code == 400
    assert list(response.json()) == ["message"]
    assert response.json()["message"].startswith("JSON parse error - ")
    assert not Like.objects.exists()


def test_deeply_nested_json_is_400(api):
    response = api.post("/musewave/users/create/", "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.json()["message"].startswith("JSON parse error - ")


def test_invalid_utf8_is_400(api):
    response = api.post("/musewave/users/create/", b'{"username": "\xff\xfe"}')
    assert response.status_code == 400
    assert response.json()["message"].startswith("JSON parse error - ")


def test_unknown_charset_is_read_as_utf8(api):
    response = api.post(
        "/musewave/users/create/",
        '{"username": "zoë"}'.encode(),
        content_type="application/json; charset=klingon",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"email", "password"}


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_other_content_type_is_415(api, content_type):
    response = api.post("/musewave/users/create/", "username=carol", content_type=content_type)
    assert response.status_code == 415
    assert response.json() == {"message": f'Unsupported media type "{content_type}" in request.'}
    assert not User.objects.exists()


def test_multipart_form_is_415(db):
    from django.test import Client

    response = Client().post("/musewave/users/create/", {"username": "carol"})
    assert response.status_code == 415
    assert list(response.json()) == ["message"]


@pytest.mark.parametrize("body", ["[1, 2]", '"carol"', "42", "null"])
def test_body_that_is_not_an_object_is_400(api, body):
    response = api.post("/musewave/users/create/", body)
    assert response.status_code == 400
    errors = response.json()["error"]
    assert list(errors) == ["non_field_errors"]
    assert all(isinstance(m, str) for m in errors["non_field_errors"])


def test_body_not_an_object_on_actor_endpoint_is_400(api, track):
    response = api.post(f"/musewave/tracks/{track.pk}/like/", "[]")
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["non_field_errors"]


def test_unknown_body_fields_are_ignored(api, track):
    response = api.patch(
        f"/musewave/tracks/{track.pk}/update/", {"plays": 1000, "likes": 5, "title": "New"}
    )
    assert response.status_code == 200
    assert (response.json()["plays"], response.json()["likes"]) == (0, 0)
    track.refresh_from_db()
    assert (track.plays, track.likes, track.title) == (0, 0, "New")


def test_list_item_errors_are_flat_messages(api, alice):
    response = api.post(
        "/musewave/tracks/create/",
        {
            "user_id": str(alice.pk),
            "title": "t",
            "artist": "a",
            "artist_slug": "a",
            "genre": "g",
            "audio_url": "https://cdn.example.com/u.mp3",
            "audio_file_size": 1,
            "audio_duration": 1,
            "audio_format": "mp3",
            "tags": ["ok", ["nested"]],
        },
    )
    assert response.status_code == 400
    assert response.json() == {"error": {"tags": ["Item 1: Not a valid string."]}}
    assert not Track.objects.exists()


def test_null_characters_in_query_filters_are_400(api, track):
    response = api.get("/musewave/tracks/?genre=a%00b")
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["genre"]


def test_head_and_options_are_served(api, track):
    assert api.request("head", "/musewave/tracks/").status_code == 200
    assert api.request("options", "/musewave/tracks/").status_code == 200


def test_release_date_out_of_range_is_400(api, alice):
    response = api.post(
        "/musewave/albums",
        {
            "user_id": str(alice.pk),
            "title": "t",
            "artist": "a",
            "genre": "g",
            "release_date": "0001-01-01T00:00:00+05:00",
        },
    )
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["release_date"]


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (domain.ValidationFailed("Bad", {"f": ["m"]}), 400, {"error": {"f": ["m"]}}),
        (domain.ValidationFailed("A rule"), 400, {"error": "A rule"}),
        (domain.NotFound("Like not found"), 404, {"error": "Like not found"}),
        (domain.AuthenticationRequired("Log in"), 401, {"error": "Log in"}),
        (domain.PermissionDenied("Not yours"), 403, {"error": "Not yours"}),
        (domain.Throttled("Slow down", retry_after=7), 429, {"error": "Slow down"}),
    ],
)
def test_domain_errors_map_to_legacy_formats(error, status, body):
    response = exception_handler(error, {})
    assert (response.status_code, response.data) == (status, body)
    if status == 429:
        assert response["Retry-After"] == "7"
    # Every 401 names the scheme that would let the request through; nothing else does.
    expected_challenge = 'Bearer realm="musewave"' if status == 401 else None
    assert response.get("WWW-Authenticate") == expected_challenge


def test_drf_throttling_keeps_retry_after():
    response = exception_handler(exceptions.Throttled(wait=12), {})
    assert response.status_code == 429
    assert response["Retry-After"] == "12"
    assert set(response.data) == {"error"}


def test_unexpected_errors_are_not_swallowed():
    assert exception_handler(RuntimeError("bug"), {}) is None


@pytest.mark.parametrize(
    "path", ["/musewave/artists/", "/musewave/playlists/", "/musewave/tracks/"]
)
def test_a_repeated_page_parameter_is_refused(api, path):
    response = api.get(f"{path}?offset=1&offset=2")
    assert response.status_code == 400
    assert response.json() == {"error": {"offset": ["Give this parameter once."]}}

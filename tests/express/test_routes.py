"""Rules for every Express endpoint: both slash forms, either case, unknown paths and methods,
bodies that are not JSON objects, form bodies and the camelCase keys."""

import json

import pytest

from musewave.models import Like
from tests.express.conftest import USER

UNKNOWN = "00000000-0000-4000-8000-000000000000"

# Every documented route, as GET-able (or the method it serves) with the answer it gives.
ROUTES = [
    ("get", "users"),
    ("get", "users/{alice}"),
    ("get", "users/username/alice"),
    ("get", "users/{alice}/stats"),
    ("get", "users/{alice}/albums"),
    ("get", "users/{alice}/likes"),
    ("get", "users/{alice}/plays"),
    ("get", "users/{alice}/follow/{alice}"),
    ("get", "users/{alice}/followers"),
    ("get", "users/{alice}/following"),
    ("get", "artists"),
    ("get", "tracks"),
    ("get", "tracks/{track}"),
    ("get", "tracks/{track}/stats"),
    ("get", "tracks/{track}/like/{alice}"),
    ("get", "tracks/{track}/downloads"),
    ("get", "tracks/{track}/plays"),
    ("get", "search?q=summer"),
    ("post", "search/rebuild"),
]


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_both_slash_forms_and_any_case_answer_the_same(api, track, alice, method, template):
    path = template.format(alice=alice.pk, track=track.pk)
    stem, _, query = path.partition("?")
    suffix = f"?{query}" if query else ""
    plain = api.request(method, f"/api/{stem}{suffix}")
    slashed = api.request(method, f"/api/{stem}/{suffix}")
    shouting = api.request(method, f"/API/{stem.replace('users', 'Users')}{suffix}")
    assert plain.status_code == 200, plain.json()
    assert slashed.status_code == shouting.status_code == 200
    strip = lambda body: json.dumps(body, sort_keys=True).replace("updatedAt", "")  # noqa: E731
    if "stats" not in stem:
        assert strip(plain.json()) == strip(slashed.json()) == strip(shouting.json())


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("post", "users/"),
        ("patch", "users/{alice}/"),
        ("post", "tracks/{track}/like/"),
        ("delete", "tracks/{track}/like/"),
        ("post", "tracks/{track}/play/"),
        ("post", "tracks/{track}/download/"),
        ("post", "users/{alice}/follow/"),
        ("delete", "users/{alice}/follow/"),
        ("post", "albums/"),
    ],
)
def test_writes_answer_with_a_trailing_slash_too(api, track, alice, method, template):
    response = api.request(method, "/api/" + template.format(alice=alice.pk, track=track.pk), {})
    assert response.status_code in (200, 201, 400), response.json()
    assert response.status_code != 301


def test_unknown_path_and_method(api, track):
    for path in ("/api/nothing", "/api/users/x/y/z", "/api/"):
        for method in ("get", "post", "delete"):
            response = api.request(method, path)
            assert (response.status_code, response.json()) == (404, {"error": "Not found"})
    refused = api.request("put", f"/api/tracks/{track.pk}", {})
    assert (refused.status_code, refused.json()) == (405, {"error": "Method not allowed"})
    assert api.request("delete", "/api/users").json() == {"error": "Method not allowed"}


def test_malformed_json_is_a_message(api, track):
    response = api.post(f"/api/tracks/{track.pk}/like", "{not json")
    assert response.status_code == 400
    assert list(response.json()) == ["message"]
    assert response.json()["message"].startswith("JSON parse error")
    nan = api.post(f"/api/tracks/{track.pk}/play", '{"duration": NaN}')
    assert (nan.status_code, list(nan.json())) == (400, ["message"])
    deep = api.post(f"/api/tracks/{track.pk}/play", "[" * 100_000 + "]" * 100_000)
    assert deep.status_code in (400, 413)


def test_a_body_that_is_not_an_object(api, track):
    response = api.post("/api/users", [1, 2])
    assert response.status_code == 400
    assert response.json()["error"] == [
        {
            "code": "invalid_type",
            "expected": "object",
            "received": "array",
            "path": [],
            "message": "Expected object, received array",
        }
    ]


def test_form_bodies_are_parsed_as_strings(api, track, bob):
    form = f"userId={bob.pk}&userId=ignored"
    response = api.post(
        f"/api/tracks/{track.pk}/like", form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.json()
    assert Like.objects.get().user_id == bob.pk
    typed = api.post(
        f"/api/tracks/{track.pk}/play",
        "duration=5",
        content_type="application/x-www-form-urlencoded",
    )
    assert typed.status_code == 400
    assert typed.json()["error"][0]["received"] == "string"


def test_keys_are_camel_case_both_ways(api, alice):
    response = api.patch(f"/api/users/{alice.pk}", {"displayName": "Ally", "avatarUrl": None})
    assert response.status_code == 400  # null is not a value
    response = api.patch(
        f"/api/users/{alice.pk}", {"displayName": "Ally", "avatarUrl": "https://a.example.com/x"}
    )
    body = response.json()
    assert set(body) <= set(USER) and "display_name" not in json.dumps(body)
    assert (body["displayName"], body["avatarUrl"]) == ("Ally", "https://a.example.com/x")


def test_another_content_type_is_refused(api, track):
    response = api.post(f"/api/tracks/{track.pk}/like", "x", content_type="text/plain")
    assert (response.status_code, list(response.json())) == (415, ["error"])


def test_cors_covers_the_dialect(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    preflight = {
        "HTTP_ORIGIN": "https://app.example.com",
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST",
    }
    response = api.client.options("/api/users", **preflight)
    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"
    stranger = api.client.options("/api/users", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in stranger

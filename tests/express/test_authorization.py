"""The authorization matrix, once per dialect: the same writes by anonymous, another user, the
owner and staff get the same answers at /musewave/ and at /api/, and a refused one changes
nothing."""

import pytest

from tests.conftest import PASSWORD
from tests.rest.test_authorization import counts, headers, state

# (legacy method, path, body), (Express method, path, body), status of a permitted write
EDITS = [
    (
        ("patch", "users/{alice}/update/", {"bio": "changed"}),
        ("patch", "users/{alice}", {"bio": "changed"}),
    ),
    (
        ("patch", "tracks/{track}/update/", {"title": "changed"}),
        ("patch", "tracks/{track}", {"title": "changed"}),
    ),
    (("delete", "tracks/{track}/delete/", None), ("delete", "tracks/{track}", None)),
    (
        ("patch", "albums/{album}/update", {"title": "changed"}),
        ("patch", "albums/{album}", {"title": "changed"}),
    ),
    (("delete", "albums/{album}/delete", None), ("delete", "albums/{album}", None)),
]

TRACK_BODY = {
    "title": "New", "artist": "Alice", "artist_slug": "alice", "genre": "pop",
    "audio_url": "https://x.example.com/a.mp3", "audio_file_size": 10, "audio_duration": 1.5,
    "audio_format": "mp3",
}  # fmt: skip
ALBUM_BODY = {"title": "New", "artist": "Alice", "genre": "pop"}


def camel(body: dict) -> dict:
    from djangorestframework_camel_case.util import camelize

    return dict(camelize(body))


# The writes whose body names the actor ("{actor}"): legacy, Express, permitted status.
ACTS = [
    (
        ("post", "tracks/{track}/like/", {"userId": "{actor}"}),
        ("post", "tracks/{track}/like", {"userId": "{actor}"}),
        201,
    ),
    (
        ("delete", "tracks/{liked}/like/delete/", {"userId": "{actor}"}),
        ("delete", "tracks/{liked}/like", {"userId": "{actor}"}),
        200,
    ),
    (
        ("post", "users/{bob}/follow/", {"followerId": "{actor}"}),
        ("post", "users/{bob}/follow", {"followerId": "{actor}"}),
        201,
    ),
    (
        ("delete", "users/{carol}/follow/delete/", {"followerId": "{actor}"}),
        ("delete", "users/{carol}/follow", {"followerId": "{actor}"}),
        200,
    ),
    (
        ("post", "tracks/{track}/play/", {"userId": "{actor}", "duration": 3}),
        ("post", "tracks/{track}/play", {"userId": "{actor}", "duration": 3}),
        201,
    ),
    (
        ("post", "tracks/{track}/download/", {"userId": "{actor}"}),
        ("post", "tracks/{track}/download", {"userId": "{actor}"}),
        201,
    ),
    (
        ("post", "tracks/create/", {"user_id": "{actor}", **TRACK_BODY}),
        ("post", "tracks", {"userId": "{actor}", **camel(TRACK_BODY)}),
        201,
    ),
    (
        (
            "post",
            "albums",
            {"user_id": "{actor}", **ALBUM_BODY, "release_date": "2026-01-01T00:00:00Z"},
        ),
        (
            "post",
            "albums",
            {"userId": "{actor}", **ALBUM_BODY, "releaseDate": "2026-01-01", "trackIds": []},
        ),
        201,
    ),
]


def request(api, dialect: str, spec, world, actor="alice", **extra):
    method, template, body = spec
    ids = {k: v.pk for k, v in world.items()}
    prefix = "/musewave/" if dialect == "legacy" else "/api/"
    if body is not None:
        actor_id = str(world[actor].pk)
        body = {k: v.format(actor=actor_id) if isinstance(v, str) else v for k, v in body.items()}
    return api.request(method, prefix + template.format(**ids), body, **extra)


def pick(row, dialect):
    return row[0] if dialect == "legacy" else row[1]


@pytest.mark.parametrize("dialect", ["legacy", "express"])
@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize(
    ("who", "expected"), [(None, 401), ("bob", 403), ("alice", 200), ("staff", 200)]
)
def test_owner_only_edits_when_auth_is_required(api, world, settings, dialect, edit, who, expected):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    before = state(world)
    response = request(api, dialect, pick(edit, dialect), world, **headers(who))
    assert response.status_code == expected
    if expected == 200:
        assert state(world) != before
    else:
        assert list(response.json()) == ["error"] and isinstance(response.json()["error"], str)
        assert state(world) == before


@pytest.mark.parametrize("dialect", ["legacy", "express"])
@pytest.mark.parametrize("edit", EDITS)
def test_legacy_mode_refuses_a_token_user_editing_anothers_resource(api, world, dialect, edit):
    before = state(world)
    assert request(api, dialect, pick(edit, dialect), world, **headers("bob")).status_code == 403
    assert state(world) == before
    assert request(api, dialect, pick(edit, dialect), world).status_code == 200  # no token


@pytest.mark.parametrize("dialect", ["legacy", "express"])
@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize(("who", "expected"), [(None, 401), ("bob", 403), ("alice", "ok")])
def test_acting_for_someone_needs_their_token(api, world, settings, dialect, act, who, expected):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    before = counts()
    response = request(api, dialect, pick(act, dialect), world, **headers(who))
    if expected == "ok":
        assert response.status_code == act[2]
        assert counts() != before
    else:
        assert response.status_code == expected
        assert list(response.json()) == ["error"]
        if expected == 401:
            assert response.json() == {"error": "Authentication credentials were not provided."}
            assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'
        assert counts() == before


@pytest.mark.parametrize("dialect", ["legacy", "express"])
@pytest.mark.parametrize("act", ACTS)
def test_staff_act_only_for_themselves(api, world, dialect, act):
    staff = headers("staff")
    before = counts()
    refused = request(api, dialect, pick(act, dialect), world, actor="alice", **staff)
    assert refused.status_code == 403
    assert counts() == before
    done = request(api, dialect, pick(act, dialect), world, actor="staff", **staff)
    assert done.status_code == act[2]


@pytest.mark.parametrize(
    ("require_auth", "who", "expected"),
    [(False, None, 200), (True, None, 401), (True, "bob", 403), (True, "staff", 200)],
)
def test_search_rebuild_is_staff_only_when_auth_is_required(
    api, world, settings, require_auth, who, expected
):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    response = api.post("/api/search/rebuild", **headers(who))
    assert response.status_code == expected
    assert list(response.json()) == (["success"] if expected == 200 else ["error"])


def test_a_bad_token_is_refused(api, world):
    response = api.post(
        f"/api/tracks/{world['track'].pk}/like", {}, HTTP_AUTHORIZATION="Bearer nonsense"
    )
    assert response.status_code == 401
    assert response.json() == {"error": "Token is invalid, expired or revoked."}
    assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'


def test_login_and_me(api, world, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    login = api.post("/api/auth/login", {"usernameOrEmail": "alice", "password": PASSWORD})
    assert login.status_code == 200
    body = login.json()
    assert set(body) == {"token", "user"} and set(body["token"]) == {"access", "refresh"}
    assert body["user"]["username"] == "alice" and "bio" not in body["user"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {body['token']['access']}"}
    assert api.get("/api/auth/me", **bearer).json()["id"] == str(world["alice"].pk)
    assert api.get("/api/auth/me").status_code == 401
    wrong = api.post("/api/auth/login", {"usernameOrEmail": "alice", "password": "nope"})
    assert (wrong.status_code, list(wrong.json())) == (401, ["error"])
    missing = api.post("/api/auth/login", {})
    assert [i["path"] for i in missing.json()["error"]] == [["usernameOrEmail"], ["password"]]
    refreshed = api.post("/api/auth/refresh", {"refresh": body["token"]["refresh"]})
    assert set(refreshed.json()) == {"access", "refresh"}
    out = api.post("/api/auth/logout", {"refresh": refreshed.json()["refresh"]})
    assert out.json() == {"success": True}


def test_no_response_contains_a_password(api, world):
    alice = world["alice"]
    tokens = headers("alice")
    responses = [
        api.get("/api/users"),
        api.get(f"/api/users/{alice.pk}"),
        api.get("/api/users/username/alice"),
        api.get("/api/artists"),
        api.get("/api/search?q=alice"),
        api.get("/api/auth/me", **tokens),
        api.patch(f"/api/users/{alice.pk}", {"password": "N3w-Passw0rd!"}, **tokens),
    ]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        assert "argon2" not in text and "N3w-Passw0rd" not in text and '"password"' not in text

"""Who may write what, with MUSEWAVE_REQUIRE_AUTH on: anonymous, another user, the owner and
staff, for every owned resource; a refused write changes nothing."""

import pytest
from django.utils import timezone

from musewave import services
from musewave.models import Album, Download, Follow, Like, Play, Track, User
from musewave.services.auth import auth_login
from tests.conftest import PASSWORD


@pytest.fixture
def world(alice, bob, make_user, make_track):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    staff.refresh_from_db()
    carol = make_user(username="carol")
    track = make_track(owner=alice, title="Original")
    album = services.album_create(
        actor=alice, title="Original", artist="Alice", genre="pop", release_date=timezone.now()
    )
    # What the unlike and unfollow rows take back, for alice and for staff.
    liked = make_track(owner=carol, title="Liked")
    for fan in (alice, staff):
        services.like_create(actor=fan, track=liked)
        services.follow_create(actor=fan, following=carol)
    return {
        "alice": alice,
        "bob": bob,
        "staff": staff,
        "carol": carol,
        "track": track,
        "album": album,
        "liked": liked,
    }


def headers(who: str | None) -> dict[str, str]:
    if who is None:
        return {}
    _, tokens = auth_login(username_or_email=who, password=PASSWORD)
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def state(world) -> tuple:
    alice = User.objects.get(pk=world["alice"].pk)
    track = Track.objects.filter(pk=world["track"].pk).values_list("title", flat=True).first()
    album = Album.objects.filter(pk=world["album"].pk).values_list("title", flat=True).first()
    return alice.bio, track, album


EDITS = [
    ("patch", "users/{alice}/update/", {"bio": "changed"}, 200),
    ("patch", "tracks/{track}/update/", {"title": "changed"}, 200),
    ("delete", "tracks/{track}/delete/", None, 200),
    ("patch", "albums/{album}/update", {"title": "changed"}, 200),
    ("delete", "albums/{album}/delete", None, 200),
]


def url(template: str, world) -> str:
    ids = {k: v.pk for k, v in world.items()}
    return "/musewave/" + template.format(**ids)


@pytest.mark.parametrize(("method", "path", "body", "ok"), EDITS)
@pytest.mark.parametrize(
    ("who", "expected"), [(None, 401), ("bob", 403), ("alice", "ok"), ("staff", "ok")]
)
def test_owner_only_edits_when_auth_is_required(
    api, world, settings, method, path, body, ok, who, expected
):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    before = state(world)
    response = api.request(method, url(path, world), body, **headers(who))
    if expected == "ok":
        assert response.status_code == ok
        assert state(world) != before
    else:
        assert response.status_code == expected
        assert list(response.json()) == ["error"]
        assert state(world) == before


@pytest.mark.parametrize(("method", "path", "body", "ok"), EDITS)
def test_legacy_mode_still_refuses_a_token_user_editing_anothers_resource(
    api, world, method, path, body, ok
):
    before = state(world)
    response = api.request(method, url(path, world), body, **headers("bob"))
    assert response.status_code == 403
    assert state(world) == before
    assert api.request(method, url(path, world), body).status_code == ok  # legacy: no token


# Writes whose body names the acting user ("{actor}"), with the status of a permitted one.
ACTS = [
    ("post", "tracks/{track}/like/", {"userId": "{actor}"}, 201),
    ("delete", "tracks/{liked}/like/delete/", {"userId": "{actor}"}, 200),
    ("post", "users/{bob}/follow/", {"followerId": "{actor}"}, 201),
    ("delete", "users/{carol}/follow/delete/", {"followerId": "{actor}"}, 200),
    ("post", "tracks/{track}/play/", {"userId": "{actor}", "duration": 3}, 201),
    ("post", "tracks/{track}/download/", {"userId": "{actor}"}, 201),
    ("post", "tracks/create/", None, 201),
    ("post", "albums", None, 201),
]


def act_body(path: str, body, world, actor: str = "alice") -> dict:
    """The body of an ACTS row naming `actor`; its first key is the field that names them."""
    actor_id = str(world[actor].pk)
    if path == "tracks/create/":
        return {
            "user_id": actor_id, "title": "New", "artist": "Alice",
            "artist_slug": "alice", "genre": "pop", "audio_url": "https://cdn.example.com/a.mp3",
            "audio_file_size": 10, "audio_duration": 1.5, "audio_format": "mp3",
        }  # fmt: skip
    if path == "albums":
        return {
            "user_id": actor_id, "title": "New", "artist": "Alice",
            "genre": "pop", "release_date": "2026-01-01T00:00:00Z",
        }  # fmt: skip
    return {k: v.format(actor=actor_id) if isinstance(v, str) else v for k, v in body.items()}


def counts() -> tuple:
    """Every row and counter an ACTS write could change."""
    return (
        Like.objects.count(),
        Follow.objects.count(),
        Play.objects.count(),
        Download.objects.count(),
        Track.objects.count(),
        Album.objects.count(),
        sorted(Track.objects.values_list("likes", "plays", "downloads")),
    )


def assert_done_for(response, world, who: str, other: str) -> None:
    """The write was recorded for `who`, and `other`'s likes and follows are untouched."""
    body = response.json()
    likers = set(Like.objects.filter(track=world["liked"]).values_list("user_id", flat=True))
    followers = set(
        Follow.objects.filter(following=world["carol"]).values_list("follower_id", flat=True)
    )
    assert world[other].pk in likers & followers
    if body == {"success": True}:  # an unlike or unfollow: `who`'s own was taken back
        assert world[who].pk not in likers & followers
    else:
        assert body.get("user_id", body.get("follower_id")) == str(world[who].pk)


def refusal(path: str, body, world) -> dict:
    field = next(iter(act_body(path, body, world)))
    return {"error": f"{field} must be the authenticated user."}


@pytest.mark.parametrize(("method", "path", "body", "ok"), ACTS)
@pytest.mark.parametrize(("who", "expected"), [(None, 401), ("bob", 403), ("alice", "ok")])
def test_acting_for_someone_needs_their_token_when_auth_is_required(
    api, world, settings, method, path, body, ok, who, expected
):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    before = counts()
    response = api.request(method, url(path, world), act_body(path, body, world), **headers(who))
    if expected == "ok":
        assert response.status_code == ok
        assert_done_for(response, world, "alice", other="staff")
    else:
        assert response.status_code == expected
        if expected == 403:
            assert response.json() == refusal(path, body, world)
        else:
            assert response.json() == {"error": "Authentication credentials were not provided."}
            assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'
        assert counts() == before


@pytest.mark.parametrize(("method", "path", "body", "ok"), ACTS)
def test_legacy_mode_still_refuses_a_token_user_acting_for_another(
    api, world, method, path, body, ok
):
    before = counts()
    refused = api.request(method, url(path, world), act_body(path, body, world), **headers("bob"))
    assert refused.status_code == 403
    assert refused.json() == refusal(path, body, world)
    assert counts() == before
    # Legacy: without a token, the body names the actor.
    done = api.request(method, url(path, world), act_body(path, body, world))
    assert done.status_code == ok
    assert_done_for(done, world, "alice", other="staff")


@pytest.mark.parametrize("require_auth", [True, False])
@pytest.mark.parametrize(("method", "path", "body", "ok"), ACTS)
def test_staff_act_only_for_themselves(api, world, settings, require_auth, method, path, body, ok):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    staff = headers("staff")
    before = counts()
    refused = api.request(method, url(path, world), act_body(path, body, world, "alice"), **staff)
    assert refused.status_code == 403
    assert refused.json() == refusal(path, body, world)
    assert counts() == before
    done = api.request(method, url(path, world), act_body(path, body, world, "staff"), **staff)
    assert done.status_code == ok
    assert_done_for(done, world, "staff", other="alice")


def test_anonymous_plays_and_downloads_stay_open_when_auth_is_required(api, world, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    track = world["track"]
    assert api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": 3}).status_code == 201
    assert api.post(f"/musewave/tracks/{track.pk}/download/").status_code == 201
    named = api.post(f"/musewave/tracks/{track.pk}/download/", {"userId": str(world["bob"].pk)})
    assert named.status_code == 401  # naming a user needs that user's token
    track.refresh_from_db()
    assert (track.plays, track.downloads) == (1, 1)


def test_signing_up_and_logging_in_stay_open_when_auth_is_required(api, db, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    created = api.post(
        "/musewave/users/create/",
        {"username": "newbie", "email": "n@example.com", "password": PASSWORD},
    )
    assert created.status_code == 201
    login = api.post("/musewave/auth/login/", {"username_or_email": "newbie", "password": PASSWORD})
    assert login.status_code == 200


def test_no_response_contains_a_password_hash(api, world):
    alice = world["alice"]
    tokens = headers("alice")
    responses = [
        api.get("/musewave/users/"),
        api.get(f"/musewave/users/{alice.pk}/"),
        api.get("/musewave/users/username/alice/"),
        api.get("/musewave/artists/"),
        api.get("/musewave/search/?q=alice"),
        api.get("/musewave/auth/me/", **tokens),
        api.post("/musewave/auth/login/", {"username_or_email": "alice", "password": PASSWORD}),
        api.patch(f"/musewave/users/{alice.pk}/update/", {"password": "N3w-Passw0rd!"}, **tokens),
    ]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        assert "argon2" not in text and "pbkdf2_" not in text and '"password"' not in text


@pytest.mark.parametrize(
    ("require_auth", "who", "expected"),
    [(False, None, 200), (True, None, 401), (True, "bob", 403), (True, "staff", 200)],
)
def test_search_rebuild_is_staff_only_when_auth_is_required(
    api, world, settings, require_auth, who, expected
):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    response = api.post("/musewave/search/rebuild/", **headers(who))
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == {"success": True}
    else:
        assert list(response.json()) == ["error"]

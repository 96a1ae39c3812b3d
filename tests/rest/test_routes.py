"""Every route answers in both slash forms directly, and refuses the methods it does not serve."""

import uuid

import pytest

from musewave import services
from musewave.models import Album, Download, Follow, Like, Play, PlaylistItem, Track
from tests.rest.conftest import JsonClient


@pytest.fixture
def world(alice, bob, make_track):
    track = make_track(owner=alice, title="Summer Vibes")
    album = services.album_create(
        actor=alice, title="A", artist="A", genre="g", release_date="2026-01-01T00:00:00Z"
    )
    services.like_create(actor=bob, track=track)
    services.follow_create(actor=bob, following=alice)
    playlist = services.playlist_create(actor=alice, title="Mix")
    first, _ = services.playlist_items_add(
        actor=alice, playlist=playlist, track_ids=[track.pk, track.pk]
    )
    return {
        "alice": alice.pk,
        "bob": bob.pk,
        "track": track.pk,
        "album": album.pk,
        "playlist": playlist.pk,
        "item": first.pk,
    }


def _new_track(world):
    return {
        "user_id": str(world["alice"]),
        "title": "t",
        "artist": "a",
        "artist_slug": "a",
        "genre": "g",
        "audio_url": "https://cdn.example.com/u.mp3",
        "audio_file_size": 1,
        "audio_duration": 1.0,
        "audio_format": "mp3",
    }


def _item_ids(world):
    items = PlaylistItem.objects.filter(playlist_id=world["playlist"]).order_by("position")
    return [str(pk) for pk in items.values_list("pk", flat=True)]


# (method, documented path, body, expected status); paths are formatted with the world's ids.
ROUTES = [
    ("get", "users/", None, 200),
    ("get", "users/{alice}/", None, 200),
    ("get", "users/username/alice/", None, 200),
    (
        "post",
        "users/create/",
        {"username": "carol", "email": "c@example.com", "password": "Str0ng-Passw0rd!"},
        201,
    ),
    ("patch", "users/{alice}/update/", {"bio": "hi"}, 200),
    ("get", "users/{alice}/stats/", None, 200),
    ("get", "tracks/", None, 200),
    ("get", "tracks/{track}/", None, 200),
    ("post", "tracks/create/", _new_track, 201),
    ("patch", "tracks/{track}/update/", {"title": "New"}, 200),
    ("delete", "tracks/{track}/delete/", None, 200),
    ("get", "tracks/{track}/stats/", None, 200),
    ("get", "users/{alice}/albums", None, 200),
    ("get", "albums/{album}", None, 200),
    (
        "post",
        "albums",
        lambda w: {
            "user_id": str(w["alice"]),
            "title": "B",
            "artist": "A",
            "genre": "g",
            "release_date": "2026-01-01T00:00:00Z",
        },
        201,
    ),
    ("patch", "albums/{album}/update", {"title": "C"}, 200),
    ("delete", "albums/{album}/delete", None, 200),
    ("post", "tracks/{track}/like/", lambda w: {"userId": str(w["alice"])}, 201),
    ("delete", "tracks/{track}/like/delete/", lambda w: {"userId": str(w["bob"])}, 200),
    ("get", "tracks/{track}/like/{bob}/", None, 200),
    ("get", "users/{bob}/likes/", None, 200),
    ("post", "tracks/{track}/download/", None, 201),
    ("get", "tracks/{track}/downloads/", None, 200),
    ("post", "tracks/{track}/play/", {"duration": 3}, 201),
    ("get", "tracks/{track}/plays/", None, 200),
    ("get", "users/{bob}/plays/", None, 200),
    ("post", "users/{bob}/follow/", lambda w: {"followerId": str(w["alice"])}, 201),
    ("delete", "users/{alice}/follow/delete/", lambda w: {"followerId": str(w["bob"])}, 200),
    ("get", "users/{alice}/follow/{bob}/", None, 200),
    ("get", "users/{alice}/followers/", None, 200),
    ("get", "users/{alice}/following/", None, 200),
    ("get", "search/?q=summer", None, 200),
    ("post", "search/rebuild/", None, 200),
    ("get", "artists/", None, 200),
    ("get", "playlists/", None, 200),
    ("post", "playlists/", lambda w: {"user_id": str(w["alice"]), "title": "New"}, 201),
    ("get", "playlists/{playlist}/", None, 200),
    ("patch", "playlists/{playlist}/", lambda w: {"user_id": str(w["alice"]), "title": "N"}, 200),
    ("delete", "playlists/{playlist}/", lambda w: {"user_id": str(w["alice"])}, 200),
    (
        "post",
        "playlists/{playlist}/tracks/",
        lambda w: {"user_id": str(w["alice"]), "track_ids": [str(w["track"])]},
        201,
    ),
    (
        "post",
        "playlists/{playlist}/order/",
        lambda w: {"user_id": str(w["alice"]), "item_ids": _item_ids(w)[::-1]},
        200,
    ),
    ("post", "playlists/{playlist}/duplicate/", lambda w: {"user_id": str(w["bob"])}, 201),
    ("delete", "playlists/{playlist}/items/{item}/", lambda w: {"user_id": str(w["alice"])}, 200),
    (
        "post",
        "playlists/{playlist}/items/{item}/move/",
        lambda w: {"user_id": str(w["alice"]), "position": 1},
        200,
    ),
    ("get", "users/{alice}/playlists/", None, 200),
]


def _other_slash_form(path: str) -> str:
    base, _, query = path.partition("?")
    base = base[:-1] if base.endswith("/") else base + "/"
    return f"{base}?{query}" if query else base


@pytest.mark.parametrize("form", ["documented", "other"])
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES]
)
def test_route_answers_in_both_slash_forms(api, world, form, method, path, body, expected):
    url = "/musewave/" + path.format(**world)
    if form == "other":
        url = _other_slash_form(url)
    if callable(body):
        body = body(world)
    response = api.request(method, url, body)
    assert response.status_code == expected, response.json()
    assert "Location" not in response


_SERVED: dict[str, set[str]] = {}
for _method, _path, *_ in ROUTES:
    _SERVED.setdefault(_path, set()).add(_method)
# For each path, a method it does not serve.
WRONG_METHODS = sorted(
    (path, next(m for m in ("get", "post", "put") if m not in served))
    for path, served in _SERVED.items()
)


@pytest.mark.parametrize(("path", "method"), WRONG_METHODS)
def test_wrong_method_is_405(api, world, path, method):
    response = api.request(method, "/musewave/" + path.format(**world), {})
    assert response.status_code == 405
    assert response.json() == {"message": f'Method "{method.upper()}" not allowed.'}
    assert Track.objects.count() == 1


def test_put_on_patch_route_is_405(api, world):
    response = api.request("put", f"/musewave/tracks/{world['track']}/update/", {"title": "x"})
    assert response.status_code == 405
    assert response.json() == {"message": 'Method "PUT" not allowed.'}
    assert Track.objects.get().title == "Summer Vibes"


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/musewave/nothing", "/musewave/nothing/", "/musewave/users/a/b/c/"]
)
def test_unknown_path_is_json_404(api, method, path):
    response = api.request(method, path, {} if method != "get" else None)
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_writes_need_no_csrf_token(world):
    """Legacy clients send no cookies and no CSRF token."""
    client = JsonClient(enforce_csrf_checks=True)
    created = client.post("/musewave/tracks/create/", _new_track(world))
    assert created.status_code == 201
    unknown = client.post("/musewave/nothing/", {})
    assert unknown.status_code == 404
    assert unknown.json() == {"message": "Not found."}


LIST_PATHS = [
    "tracks/{id}/plays/",
    "tracks/{id}/downloads/",
    "users/{id}/likes/",
    "users/{id}/plays/",
    "users/{id}/followers/",
    "users/{id}/following/",
]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_lists_of_an_unknown_path_object_are_404(api, world, path):
    response = api.get("/musewave/" + path.format(id=uuid.uuid4()))
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


# Every route with an id in its path, each id replaced in turn by one that is not an id.
PATH_ID_ROUTES = [
    (method, path, body, name)
    for method, path, body, _ in ROUTES
    for name in ("alice", "bob", "track", "album")
    if "{" + name + "}" in path
]
PATH_ID_FIELDS = {"tracks/": "track_id", "albums/": "album_id", "users/": "user_id"}


def _id_field(path: str, name: str) -> str:
    """The path parameter `{name}` stands for in `path`."""
    before = path.split("{" + name + "}")[0]
    if before.endswith("/follow/"):
        return "follower_id"
    if before.endswith("/like/"):
        return "user_id"
    return PATH_ID_FIELDS[before]


@pytest.mark.parametrize(
    ("method", "path", "body", "name"),
    PATH_ID_ROUTES,
    ids=[f"{r[0]} {r[1]} {r[3]}" for r in PATH_ID_ROUTES],
)
def test_a_malformed_id_in_any_path_is_400_and_changes_nothing(
    api, world, method, path, body, name
):
    before = _state()
    url = "/musewave/" + path.format(**{**world, name: "zzz"})
    if callable(body):
        body = body(world)
    response = api.request(method, url, body)
    assert response.status_code == 400
    assert response.json() == {"error": {_id_field(path, name): ["“zzz” is not a valid UUID."]}}
    assert _state() == before


def _state() -> tuple:
    return (
        sorted(Track.objects.values_list("title", "plays", "likes", "downloads")),
        Album.objects.count(),
        Like.objects.count(),
        Follow.objects.count(),
        Play.objects.count(),
        Download.objects.count(),
    )

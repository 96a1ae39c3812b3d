"""Playlists over REST: shapes, who may read and write each visibility (a refused write changes
nothing), positions after each edit, stale versions, drafts, limits and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services
from musewave.models import Playlist, PlaylistItem, User
from tests.conftest import PASSWORD
from tests.rest.conftest import (
    FLOAT,
    INT,
    OPT_STR,
    STR,
    TRACK,
    Timestamp,
    Uuid,
    assert_list_of,
    assert_shape,
)

PLAYLIST = {
    "id": Uuid,
    "user_id": Uuid,
    "title": STR,
    "description": STR,
    "cover_url": OPT_STR,
    "visibility": STR,
    "track_count": INT,
    "duration": FLOAT,
    "version": INT,
    "created_at": Timestamp,
    "updated_at": Timestamp,
}
ITEM = {
    "id": Uuid,
    "playlist_id": Uuid,
    "position": INT,
    "added_at": Timestamp,
    "added_by_id": Uuid,
    "track": (dict, type(None)),
}


def bearer(user) -> dict[str, str]:
    from musewave.services.auth import auth_login

    _, tokens = auth_login(username_or_email=user.username, password=PASSWORD)
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


@pytest.fixture
def staff(make_user):
    user = make_user(username="staffer")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def songs(make_track, bob):
    return [make_track(owner=bob, audio_duration=float(10 * (i + 1))) for i in range(4)]


def make_playlist(owner, songs, **fields):
    fields.setdefault("title", "Mix")
    playlist = services.playlist_create(actor=owner, **fields)
    if songs:
        services.playlist_items_add(actor=owner, playlist=playlist, track_ids=[s.pk for s in songs])
    return Playlist.objects.get(pk=playlist.pk)


def snapshot(playlist_id) -> tuple:
    playlist = Playlist.objects.filter(pk=playlist_id).values().first()
    items = list(
        PlaylistItem.objects.filter(playlist_id=playlist_id)
        .order_by("position")
        .values_list("id", "track_id", "position")
    )
    return playlist, items


def track_ids(playlist) -> list[str]:
    items = PlaylistItem.objects.filter(playlist=playlist).order_by("position")
    positions = list(items.values_list("position", flat=True))
    assert positions == list(range(len(positions)))
    return [str(pk) for pk in items.values_list("track_id", flat=True)]


def item_ids(playlist) -> list[str]:
    items = PlaylistItem.objects.filter(playlist=playlist).order_by("position")
    return [str(pk) for pk in items.values_list("pk", flat=True)]


# --- Reading ------------------------------------------------------------------------------------


def test_detail_has_the_contract_shapes_and_pages_the_items(api, alice, songs):
    playlist = make_playlist(alice, songs, description="Long drive", cover_url="https://x.io/c.png")
    response = api.get(f"/musewave/playlists/{playlist.pk}/?limit=2&offset=1")
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, {**PLAYLIST, "items": [dict]})
    assert_list_of(body["items"], ITEM)
    for item in body["items"]:
        assert_shape(item["track"], TRACK)
    assert [i["position"] for i in body["items"]] == [1, 2]
    assert [i["track"]["id"] for i in body["items"]] == [str(s.pk) for s in songs[1:3]]
    assert (body["track_count"], body["duration"], body["version"]) == (4, 100.0, 2)
    assert (body["user_id"], body["title"], body["visibility"]) == (str(alice.pk), "Mix", "public")


def test_lists_are_bare_arrays_of_public_playlists_newest_first(api, alice, bob, songs):
    older = make_playlist(alice, songs[:1], title="Older")
    newer = make_playlist(bob, songs[:2], title="Newer")
    make_playlist(alice, [], title="Hidden", visibility="unlisted")
    make_playlist(alice, [], title="Secret", visibility="private")
    response = api.get("/musewave/playlists/")
    assert response.status_code == 200
    assert_list_of(response.json(), PLAYLIST)
    assert [p["id"] for p in response.json()] == [str(newer.pk), str(older.pk)]
    assert [p["title"] for p in api.get("/musewave/playlists?limit=1&offset=1").json()] == ["Older"]


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        (None, ["Public"]),
        ("bob", ["Public"]),
        ("alice", ["Private", "Unlisted", "Public"]),
        ("staffer", ["Private", "Unlisted", "Public"]),
    ],
)
def test_a_users_playlists_show_all_only_to_them_and_staff(api, alice, bob, staff, who, titles):
    for visibility in ("public", "unlisted", "private"):
        services.playlist_create(actor=alice, title=visibility.title(), visibility=visibility)
    user = {"alice": alice, "bob": bob, "staffer": staff}.get(who)
    response = api.get(f"/musewave/users/{alice.pk}/playlists/", **(bearer(user) if user else {}))
    assert response.status_code == 200
    assert [p["title"] for p in response.json()] == titles


def test_the_playlists_of_an_unknown_or_deactivated_user_are_404(api, alice):
    services.playlist_create(actor=alice, title="Mix")
    User.objects.filter(pk=alice.pk).update(is_active=False)
    for user_id in (alice.pk, "00000000-0000-0000-0000-000000000000"):
        response = api.get(f"/musewave/users/{user_id}/playlists")
        assert response.status_code == 404
        assert response.json() == {"message": "Not found."}
    malformed = api.get("/musewave/users/nope/playlists/")
    assert malformed.status_code == 400
    assert list(malformed.json()["error"]) == ["user_id"]


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
@pytest.mark.parametrize("who", [None, "bob", "alice", "staffer"])
def test_who_may_open_each_visibility(api, alice, bob, staff, visibility, who):
    playlist = services.playlist_create(actor=alice, title="Mix", visibility=visibility)
    user = {"alice": alice, "bob": bob, "staffer": staff}.get(who)
    response = api.get(f"/musewave/playlists/{playlist.pk}", **(bearer(user) if user else {}))
    if visibility == "private" and who in (None, "bob"):
        assert response.status_code == 404
        assert response.json() == {"message": "Not found."}
    else:
        assert response.status_code == 200
        assert response.json()["id"] == str(playlist.pk)


def test_an_unknown_playlist_is_404_and_a_malformed_id_400(api):
    response = api.get("/musewave/playlists/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    malformed = api.get("/musewave/playlists/nope/")
    assert malformed.status_code == 400
    assert malformed.json() == {"error": {"playlist_id": ["“nope” is not a valid UUID."]}}


def test_drafts_hide_from_others_and_stay_in_place_for_the_owner(
    api, settings, make_track, alice, bob, songs
):
    settings.MUSEWAVE_REQUIRE_AUTH = False  # legacy REST shows drafts elsewhere; never here
    playlist = make_playlist(alice, songs)
    services.track_update(actor=bob, track=songs[1], data={"published": False})
    anonymous = api.get(f"/musewave/playlists/{playlist.pk}/").json()
    assert [i["position"] for i in anonymous["items"]] == [0, 2, 3]
    assert (anonymous["track_count"], anonymous["duration"]) == (3, 80.0)
    owner = api.get(f"/musewave/playlists/{playlist.pk}/", **bearer(alice)).json()
    assert [i["position"] for i in owner["items"]] == [0, 1, 2, 3]
    assert owner["items"][1]["track"] is None
    assert (owner["track_count"], owner["duration"]) == (4, 100.0)
    artist = api.get(f"/musewave/playlists/{playlist.pk}/", **bearer(bob)).json()
    assert artist["items"][1]["track"]["id"] == str(songs[1].pk)


def test_reading_a_page_of_fifty_items_costs_a_constant_number_of_queries(
    api, alice, make_track, bob
):
    songs = [make_track(owner=bob) for _ in range(5)]
    playlist = make_playlist(alice, songs)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/musewave/playlists/{playlist.pk}/?limit=50")
        assert response.status_code == 200
        return len(queries)

    small = count()
    services.playlist_items_add(actor=alice, playlist=playlist, track_ids=[s.pk for s in songs] * 9)
    assert count() == small == 3


# --- Writing ------------------------------------------------------------------------------------


def test_create_with_a_token_and_in_legacy_mode(api, settings, alice, bob):
    settings.MUSEWAVE_REQUIRE_AUTH = False
    created = api.post(
        "/musewave/playlists/", {"title": "Mine", "visibility": "private"}, **bearer(alice)
    )
    assert created.status_code == 201
    assert_shape(created.json(), PLAYLIST)
    assert (created.json()["user_id"], created.json()["version"]) == (str(alice.pk), 1)
    legacy = api.post("/musewave/playlists", {"user_id": str(bob.pk), "title": "His"})
    assert legacy.status_code == 201 and legacy.json()["user_id"] == str(bob.pk)
    # A token's user cannot create for someone else.
    refused = api.post(
        "/musewave/playlists/", {"user_id": str(bob.pk), "title": "X"}, **bearer(alice)
    )
    assert refused.status_code == 403
    missing = api.post("/musewave/playlists/", {"title": "X"})
    assert missing.status_code == 400
    assert missing.json() == {"error": "user_id is required"}
    assert Playlist.objects.count() == 2


def test_create_needs_a_token_when_auth_is_required(api, settings, alice):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    response = api.post("/musewave/playlists/", {"user_id": str(alice.pk), "title": "X"})
    assert response.status_code == 401
    assert Playlist.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"title": "ok", "description": "d" * 1001}, "description"),
        ({"title": "ok", "visibility": "friends"}, "visibility"),
        ({"title": "ok", "cover_url": "ftp://x.io/c.png"}, "cover_url"),
        ({"title": 5, "cover_url": ["x"]}, "cover_url"),
        ({}, "title"),
    ],
)
def test_invalid_playlists_are_400_with_field_errors(api, alice, body, field):
    response = api.post("/musewave/playlists/", body, **bearer(alice))
    assert response.status_code == 400
    assert field in response.json()["error"]
    assert Playlist.objects.count() == 0


def test_add_move_remove_and_reorder_keep_positions_dense(api, alice, songs):
    a, b, c, d = (str(s.pk) for s in songs)
    playlist = make_playlist(alice, songs[:2])
    auth = bearer(alice)
    added = api.post(
        f"/musewave/playlists/{playlist.pk}/tracks/", {"track_ids": [c, d], "position": 1}, **auth
    )
    assert added.status_code == 201
    assert_list_of(added.json(), ITEM)
    assert [(i["position"], i["track"]["id"]) for i in added.json()] == [(1, c), (2, d)]
    assert track_ids(playlist) == [a, c, d, b]
    at_end = api.post(f"/musewave/playlists/{playlist.pk}/tracks", {"track_ids": [a]}, **auth)
    assert [i["position"] for i in at_end.json()] == [4]
    assert track_ids(playlist) == [a, c, d, b, a]

    ids = item_ids(playlist)
    moved = api.post(
        f"/musewave/playlists/{playlist.pk}/items/{ids[0]}/move/", {"position": 3}, **auth
    )
    assert moved.status_code == 200
    assert_shape(moved.json(), ITEM)
    assert moved.json()["position"] == 3
    assert track_ids(playlist) == [c, d, b, a, a]

    removed = api.delete(f"/musewave/playlists/{playlist.pk}/items/{ids[2]}", **auth)
    assert removed.status_code == 200 and removed.json() == {"success": True}
    assert track_ids(playlist) == [c, b, a, a]

    order = item_ids(playlist)[::-1]
    reordered = api.post(f"/musewave/playlists/{playlist.pk}/order/", {"item_ids": order}, **auth)
    assert reordered.status_code == 200
    assert_shape(reordered.json(), PLAYLIST)
    assert item_ids(playlist) == order
    assert track_ids(playlist) == [a, a, b, c]
    assert reordered.json()["version"] == 7 and reordered.json()["track_count"] == 4


def test_patch_and_delete(api, alice, songs):
    playlist = make_playlist(alice, songs)
    auth = bearer(alice)
    patched = api.patch(
        f"/musewave/playlists/{playlist.pk}/",
        {"title": "Renamed", "visibility": "unlisted", "cover_url": None},
        **auth,
    )
    assert patched.status_code == 200
    assert (patched.json()["title"], patched.json()["visibility"]) == ("Renamed", "unlisted")
    deleted = api.delete(f"/musewave/playlists/{playlist.pk}", **auth)
    assert deleted.status_code == 200 and deleted.json() == {"success": True}
    assert not Playlist.objects.exists() and not PlaylistItem.objects.exists()


def test_duplicate_makes_a_private_copy_owned_by_the_requester(api, alice, bob, songs):
    playlist = make_playlist(alice, songs)
    response = api.post(f"/musewave/playlists/{playlist.pk}/duplicate/", {}, **bearer(bob))
    assert response.status_code == 201
    copy = Playlist.objects.get(pk=response.json()["id"])
    assert (copy.owner_id, copy.visibility, copy.track_count) == (bob.pk, "private", 4)
    assert track_ids(copy) == track_ids(playlist)


def test_a_stale_version_is_409_and_changes_nothing(api, alice, songs):
    playlist = make_playlist(alice, songs)  # version 2
    ids = item_ids(playlist)
    before = snapshot(playlist.pk)
    auth = bearer(alice)
    base = f"/musewave/playlists/{playlist.pk}"
    for method, path, body in [
        ("patch", "/", {"title": "New"}),
        ("delete", "/", {}),
        ("post", "/tracks/", {"track_ids": [str(songs[0].pk)]}),
        ("post", "/order/", {"item_ids": ids[::-1]}),
        ("delete", f"/items/{ids[0]}/", {}),
        ("post", f"/items/{ids[0]}/move/", {"position": 2}),
    ]:
        response = api.request(method, base + path, {**body, "expected_version": 1}, **auth)
        assert response.status_code == 409, (path, response.json())
        assert "version 2" in response.json()["error"]
    assert snapshot(playlist.pk) == before
    ok = api.patch(base + "/", {"title": "New", "expected_version": 2}, **auth)
    assert ok.status_code == 200 and ok.json()["version"] == 3


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/tracks/", {"track_ids": "abc"}, "track_ids"),
        ("/tracks/", {"track_ids": []}, "track_ids"),
        ("/tracks/", {"track_ids": ["nope"]}, "track_ids"),
        ("/tracks/", {"track_ids": ["00000000-0000-0000-0000-000000000000"]}, "track_ids"),
        ("/tracks/", {"track_ids": ["{song}"], "position": 9}, "position"),
        ("/tracks/", {"track_ids": ["{song}"], "position": "x"}, "position"),
        ("/tracks/", {"track_ids": ["{song}"], "expected_version": "x"}, "expected_version"),
        ("/items/{item}/move/", {"position": -1}, "position"),
        ("/items/{item}/move/", {"position": 4}, "position"),
        ("/items/{item}/move/", {}, "position"),
        ("/order/", {"item_ids": ["{item}"]}, "item_ids"),
        ("/order/", {"item_ids": "x"}, "item_ids"),
    ],
)
def test_bad_edits_are_400_and_change_nothing(api, alice, songs, path, body, field):
    playlist = make_playlist(alice, songs)
    before = snapshot(playlist.pk)
    ids = {"song": str(songs[0].pk), "item": item_ids(playlist)[0]}

    def fill(value):
        if isinstance(value, str):
            return value.format(**ids)
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    response = api.post(
        f"/musewave/playlists/{playlist.pk}" + path.format(**ids),
        {k: fill(v) for k, v in body.items()},
        **bearer(alice),
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]
    assert snapshot(playlist.pk) == before


@pytest.mark.parametrize("item_id", ["00000000-0000-0000-0000-000000000000", "nope", "other"])
def test_an_unknown_item_in_the_path_is_404_and_a_malformed_one_400(api, alice, songs, item_id):
    playlist = make_playlist(alice, songs)
    other = make_playlist(alice, songs[:1])
    if item_id == "other":
        item_id = item_ids(other)[0]
    before = snapshot(playlist.pk)
    for method, suffix, body in (("delete", "", {}), ("post", "move/", {"position": 0})):
        response = api.request(
            method, f"/musewave/playlists/{playlist.pk}/items/{item_id}/{suffix}", body,
            **bearer(alice),
        )  # fmt: skip
        if item_id == "nope":
            assert response.status_code == 400
            assert list(response.json()["error"]) == ["item_id"]
        else:
            assert response.status_code == 404
            assert response.json() == {"message": "Not found."}
    assert snapshot(playlist.pk) == before


def test_the_item_limit_is_a_400(api, settings, alice, songs):
    settings.MUSEWAVE_PLAYLIST_MAX_ITEMS = 5
    playlist = make_playlist(alice, songs)
    before = snapshot(playlist.pk)
    response = api.post(
        f"/musewave/playlists/{playlist.pk}/tracks/",
        {"track_ids": [str(songs[0].pk)] * 2},
        **bearer(alice),
    )
    assert response.status_code == 400
    assert response.json()["error"]["track_ids"] == [
        "A playlist holds at most 5 tracks; this one has 4."
    ]
    assert snapshot(playlist.pk) == before


# --- Authorization matrix -----------------------------------------------------------------------

WRITES = [
    ("patch", "", {"title": "Changed"}, 200),
    ("delete", "", {}, 200),
    ("post", "tracks/", {"track_ids": ["{song}"]}, 201),
    ("post", "order/", {"item_ids": "{reversed}"}, 200),
    ("delete", "items/{item}/", {}, 200),
    ("post", "items/{item}/move/", {"position": 1}, 200),
]


def _body(body: dict, playlist, songs) -> dict:
    ids = item_ids(playlist)
    values = {"{song}": str(songs[0].pk), "{item}": ids[0], "{reversed}": ids[::-1]}
    out = {}
    for key, value in body.items():
        if isinstance(value, list):
            out[key] = [values.get(v, v) for v in value]
        else:
            out[key] = values.get(value, value) if isinstance(value, str) else value
    return out


@pytest.mark.parametrize(("method", "path", "body", "ok"), WRITES)
@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
@pytest.mark.parametrize("who", [None, "bob", "alice", "staffer"])
@pytest.mark.parametrize("require_auth", [True, False])
def test_only_the_owner_and_staff_edit(
    api, settings, alice, bob, staff, songs, method, path, body, ok, visibility, who, require_auth
):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    playlist = make_playlist(alice, songs, visibility=visibility)
    before = snapshot(playlist.pk)
    user = {"alice": alice, "bob": bob, "staffer": staff}.get(who)
    url = f"/musewave/playlists/{playlist.pk}/" + path.format(item=item_ids(playlist)[0])
    response = api.request(
        method, url, _body(body, playlist, songs), **(bearer(user) if user else {})
    )
    if who in ("alice", "staffer"):
        assert response.status_code == ok, response.json()
        assert snapshot(playlist.pk) != before
        if snapshot(playlist.pk)[0] is not None:
            track_ids(playlist)
        return
    if who is None:
        expected = 401 if require_auth else 400  # legacy: the body must name the actor
    else:
        expected = 404 if visibility == "private" else 403
    assert response.status_code == expected, response.json()
    assert snapshot(playlist.pk) == before


@pytest.mark.parametrize(("method", "path", "body", "ok"), WRITES)
def test_legacy_clients_name_the_actor_and_only_the_owner_gets_through(
    api, settings, alice, bob, songs, method, path, body, ok
):
    settings.MUSEWAVE_REQUIRE_AUTH = False
    playlist = make_playlist(alice, songs)
    before = snapshot(playlist.pk)
    url = f"/musewave/playlists/{playlist.pk}/" + path.format(item=item_ids(playlist)[0])
    data = _body(body, playlist, songs)
    refused = api.request(method, url, {**data, "user_id": str(bob.pk)})
    assert refused.status_code == 403
    assert snapshot(playlist.pk) == before
    accepted = api.request(method, url, {**data, "user_id": str(alice.pk)})
    assert accepted.status_code == ok

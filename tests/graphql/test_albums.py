"""Albums: reading, and creating, editing (with the track list) and deleting them."""

import pytest

from musewave import services
from musewave.models import Album, Track

from .conftest import OPERATION_INFO, assert_invalid_id, messages

ALBUM_FIELDS = (
    "title artist genre releaseDate published trackCount owner { username } tracks { title }"
)
CREATE = (
    "mutation($input: CreateAlbumInput!) { createAlbum(input: $input)"
    " { ... on Album { " + ALBUM_FIELDS + " } " + OPERATION_INFO + " } }"
)
UPDATE = (
    "mutation($id: ID!, $input: UpdateAlbumInput!) { updateAlbum(id: $id, input: $input)"
    " { ... on Album { " + ALBUM_FIELDS + " } " + OPERATION_INFO + " } }"
)
DELETE = (
    "mutation($id: ID!) { deleteAlbum(id: $id) { ... on Deleted { id } " + OPERATION_INFO + " } }"
)
NEW_ALBUM = {
    "title": "First",
    "artist": "Alice",
    "genre": "pop",
    "releaseDate": "2024-03-01T00:00:00+00:00",
}


@pytest.fixture
def album(alice, track):
    return services.album_create(
        actor=alice,
        title="Summer",
        artist="Alice",
        genre="pop",
        release_date="2024-06-01T00:00Z",
        track_ids=[track.pk],
    )


def test_album_by_id(gql, album):
    query = "query($id: ID!) { album(id: $id) { " + ALBUM_FIELDS + " } }"
    assert gql.data(query, {"id": str(album.pk)}) == {
        "album": {
            "title": "Summer",
            "artist": "Alice",
            "genre": "pop",
            "releaseDate": "2024-06-01T00:00:00+00:00",
            "published": False,
            "trackCount": 1,
            "owner": {"username": "alice"},
            "tracks": [{"title": "Summer Vibes"}],
        }
    }


def test_unknown_album_is_null_and_a_malformed_id_an_error(gql, db):
    query = "query($id: ID!) { album(id: $id) { id } }"
    assert gql.data(query, {"id": "00000000-0000-0000-0000-000000000000"}) == {"album": None}
    body = gql.execute(query, {"id": "nope"})
    assert_invalid_id(body, field="id", value="nope", data={"album": None})


def test_albums_of_an_owner_newest_first(gql, album, alice, bob):
    services.album_create(
        actor=alice, title="Later", artist="A", genre="pop", release_date="2025-01-01T00:00Z"
    )
    query = "query($owner: ID!) { albums(ownerId: $owner) { title } }"
    assert gql.data(query, {"owner": str(alice.pk)}) == {
        "albums": [{"title": "Later"}, {"title": "Summer"}]
    }
    assert gql.data(query, {"owner": str(bob.pk)}) == {"albums": []}
    body = gql.execute(query, {"owner": "nope"})
    assert_invalid_id(body, field="ownerId", value="nope", data=None)


def test_track_album_and_user_albums(gql, album, track):
    query = """query($id: ID!) { track(id: $id) { album { title } }
        user(username: "alice") { albums { title } } }"""
    assert gql.data(query, {"id": str(track.pk)}) == {
        "track": {"album": {"title": "Summer"}},
        "user": {"albums": [{"title": "Summer"}]},
    }


def test_create_album_with_tracks(gql, alice, track):
    gql.login(alice)
    payload = gql.data(CREATE, {"input": {**NEW_ALBUM, "trackIds": [str(track.pk)]}})
    assert payload["createAlbum"]["trackCount"] == 1
    assert payload["createAlbum"]["owner"] == {"username": "alice"}
    track.refresh_from_db()
    assert track.album.title == "First"


def test_create_album_with_another_users_track_creates_nothing(gql, alice, bob, track):
    gql.login(bob)
    payload = gql.data(CREATE, {"input": {**NEW_ALBUM, "trackIds": [str(track.pk)]}})
    assert messages(payload["createAlbum"]) == [
        {
            "kind": "VALIDATION",
            "message": f"Track {track.pk} does not exist or does not belong to this user.",
            "field": "trackIds",
            "code": "invalid",
        }
    ]
    assert not Album.objects.exists()


def test_create_album_with_missing_fields(gql, alice):
    gql.login(alice)
    payload = gql.data(CREATE, {"input": {**NEW_ALBUM, "title": ""}})
    assert [(m["field"], m["kind"]) for m in messages(payload["createAlbum"])] == [
        ("title", "VALIDATION")
    ]
    assert not Album.objects.exists()


def test_update_album_replaces_its_track_list(gql, album, alice, track, make_track):
    other = make_track(owner=alice, title="Other")
    gql.login(alice)
    variables = {"id": str(album.pk), "input": {"title": "Renamed", "trackIds": [str(other.pk)]}}
    payload = gql.data(UPDATE, variables)["updateAlbum"]
    assert payload["title"] == "Renamed"
    assert payload["tracks"] == [{"title": "Other"}]
    track.refresh_from_db()
    assert track.album is None


def test_update_album_keeps_tracks_when_not_given_and_empties_on_empty_list(gql, album, alice):
    gql.login(alice)
    kept = gql.data(UPDATE, {"id": str(album.pk), "input": {"published": True}})["updateAlbum"]
    assert (kept["published"], kept["trackCount"]) == (True, 1)
    emptied = gql.data(UPDATE, {"id": str(album.pk), "input": {"trackIds": []}})["updateAlbum"]
    assert emptied["trackCount"] == 0
    assert not Track.objects.filter(album=album).exists()


def test_update_album_by_another_user_is_refused(gql, album, bob):
    gql.login(bob)
    payload = gql.data(UPDATE, {"id": str(album.pk), "input": {"title": "Mine"}})
    assert [(m["kind"], m["code"]) for m in messages(payload["updateAlbum"])] == [
        ("PERMISSION", "permission_denied")
    ]
    album.refresh_from_db()
    assert album.title == "Summer"


def test_update_album_with_a_foreign_track_changes_nothing(gql, album, alice, bob, make_track):
    foreign = make_track(owner=bob)
    gql.login(alice)
    variables = {"id": str(album.pk), "input": {"title": "X", "trackIds": [str(foreign.pk)]}}
    payload = gql.data(UPDATE, variables)["updateAlbum"]
    assert [m["field"] for m in messages(payload)] == ["trackIds"]
    album.refresh_from_db()
    assert album.title == "Summer"
    assert Track.objects.filter(album=album).count() == 1


def test_delete_album_keeps_its_tracks(gql, album, alice, track):
    gql.login(alice)
    assert gql.data(DELETE, {"id": str(album.pk)}) == {"deleteAlbum": {"id": str(album.pk)}}
    assert not Album.objects.exists()
    track.refresh_from_db()
    assert track.album is None


def test_delete_album_by_another_user_or_unknown(gql, album, bob):
    gql.login(bob)
    refused = gql.data(DELETE, {"id": str(album.pk)})["deleteAlbum"]
    assert [(m["kind"], m["code"]) for m in messages(refused)] == [
        ("PERMISSION", "permission_denied")
    ]
    unknown = gql.data(DELETE, {"id": "0" * 32})["deleteAlbum"]
    assert [(m["kind"], m["code"]) for m in messages(unknown)] == [("ERROR", "not_found")]
    malformed = gql.data(DELETE, {"id": "nope"})["deleteAlbum"]
    assert [(m["kind"], m["code"]) for m in messages(malformed)] == [("VALIDATION", "invalid")]
    assert Album.objects.filter(pk=album.pk).exists()

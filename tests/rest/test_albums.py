"""Albums, whose documented paths have no trailing slash."""

import uuid

import pytest

from musewave import services
from musewave.models import Album, Track
from tests.rest.conftest import ALBUM, ALBUM_DETAIL, SUCCESS, assert_list_of, assert_shape


def _new_album(user, **fields) -> dict:
    return {
        "user_id": str(user.pk),
        "title": "Seasons",
        "artist": "Alice",
        "genre": "pop",
        "release_date": "2026-02-09T10:00:00Z",
        **fields,
    }


@pytest.fixture
def album(alice, make_track):
    tracks = [make_track(owner=alice), make_track(owner=alice)]
    return services.album_create(
        actor=alice,
        title="Seasons",
        artist="Alice",
        genre="pop",
        release_date="2026-02-09T10:00:00Z",
        track_ids=[t.pk for t in tracks],
    )


def test_album_create_with_tracks(api, alice, make_track):
    tracks = [make_track(owner=alice), make_track(owner=alice)]
    response = api.post(
        "/musewave/albums", _new_album(alice, track_ids=[str(t.pk) for t in tracks])
    )
    assert response.status_code == 201
    body = response.json()
    assert_shape(body, ALBUM)
    assert body["user_id"] == str(alice.pk)
    assert body["release_date"] == "2026-02-09T10:00:00.000000Z"
    assert body["published"] is False
    assert body["track_count"] == 2
    assert set(Track.objects.filter(album_id=body["id"]).values_list("pk", flat=True)) == {
        t.pk for t in tracks
    }


def test_album_create_naive_release_date_is_utc(api, alice):
    response = api.post("/musewave/albums", _new_album(alice, release_date="2026-03-01T08:30:00"))
    assert response.status_code == 201
    assert response.json()["release_date"] == "2026-03-01T08:30:00.000000Z"


def test_album_create_with_another_users_track_is_refused(api, alice, bob, make_track):
    mine, theirs = make_track(owner=alice), make_track(owner=bob)
    response = api.post(
        "/musewave/albums", _new_album(alice, track_ids=[str(mine.pk), str(theirs.pk)])
    )
    assert response.status_code == 400
    errors = response.json()["error"]
    assert list(errors) == ["track_ids"]
    assert len(errors["track_ids"]) == 1
    assert not Album.objects.exists()
    assert Track.objects.filter(album__isnull=False).count() == 0


@pytest.mark.parametrize("bad_id", ["not-a-uuid", str(uuid.uuid4())])
def test_album_create_with_unknown_track_is_refused(api, alice, bad_id):
    response = api.post("/musewave/albums", _new_album(alice, track_ids=[bad_id]))
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["track_ids"]
    assert not Album.objects.exists()


def test_album_create_requires_fields(api):
    response = api.post("/musewave/albums", {})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            name: ["This field is required."]
            for name in ("user_id", "title", "artist", "genre", "release_date")
        }
    }


def test_album_create_bad_release_date(api, alice):
    response = api.post("/musewave/albums", _new_album(alice, release_date="next week"))
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["release_date"]


def test_album_create_unknown_user_is_404(api, alice):
    response = api.post("/musewave/albums", _new_album(alice, user_id=str(uuid.uuid4())))
    assert response.status_code == 404
    assert response.json() == {"error": "User not found"}


def test_album_detail_with_tracks(api, album):
    response = api.get(f"/musewave/albums/{album.pk}")
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, ALBUM_DETAIL)
    assert body["track_count"] == 2
    assert len(body["tracks"]) == 2
    assert {t["album_id"] for t in body["tracks"]} == {str(album.pk)}


def test_album_detail_unknown_is_404_and_malformed_400(api):
    response = api.get(f"/musewave/albums/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    response = api.get("/musewave/albums/x")
    assert response.status_code == 400
    assert response.json() == {"error": {"album_id": ["“x” is not a valid UUID."]}}


def test_user_albums(api, alice, bob, album):
    older = album
    newer = services.album_create(
        actor=alice, title="B", artist="A", genre="g", release_date="2026-01-01T00:00:00Z"
    )
    services.album_create(
        actor=bob, title="C", artist="B", genre="g", release_date="2026-01-01T00:00:00Z"
    )
    response = api.get(f"/musewave/users/{alice.pk}/albums")
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, ALBUM)
    assert [a["id"] for a in body] == [str(newer.pk), str(older.pk)]
    assert [a["track_count"] for a in body] == [0, 2]


def test_user_albums_unknown_user_is_empty(api):
    response = api.get(f"/musewave/users/{uuid.uuid4()}/albums")
    assert response.status_code == 200
    assert response.json() == []


def test_user_albums_of_a_malformed_id_is_400(api):
    response = api.get("/musewave/users/someone/albums")
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": ["“someone” is not a valid UUID."]}}


def test_album_update_fields_and_tracks(api, alice, album, make_track):
    kept = album.tracks.order_by("created_at").first()
    added = make_track(owner=alice)
    response = api.patch(
        f"/musewave/albums/{album.pk}/update",
        {
            "title": "Seasons (Deluxe)",
            "published": True,
            "track_ids": [str(kept.pk), str(added.pk)],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, ALBUM)
    assert (body["title"], body["published"], body["track_count"]) == ("Seasons (Deluxe)", True, 2)
    assert set(album.tracks.values_list("pk", flat=True)) == {kept.pk, added.pk}


def test_album_update_without_track_ids_keeps_tracks(api, album):
    response = api.patch(f"/musewave/albums/{album.pk}/update", {"genre": "rock"})
    assert response.status_code == 200
    assert response.json()["track_count"] == 2


def test_album_update_with_another_users_track_changes_nothing(api, album, bob, make_track):
    theirs = make_track(owner=bob)
    response = api.patch(
        f"/musewave/albums/{album.pk}/update", {"title": "X", "track_ids": [str(theirs.pk)]}
    )
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["track_ids"]
    album.refresh_from_db()
    assert album.title == "Seasons"
    assert album.tracks.count() == 2


def test_album_update_unknown_is_404(api):
    response = api.patch(f"/musewave/albums/{uuid.uuid4()}/update", {"title": "x"})
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_album_delete_keeps_tracks(api, album):
    track_ids = set(album.tracks.values_list("pk", flat=True))
    response = api.delete(f"/musewave/albums/{album.pk}/delete")
    assert response.status_code == 200
    assert response.json() == SUCCESS
    assert not Album.objects.exists()
    assert set(Track.objects.filter(album__isnull=True).values_list("pk", flat=True)) == track_ids


def test_album_delete_unknown_is_404(api):
    response = api.delete(f"/musewave/albums/{uuid.uuid4()}/delete")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}

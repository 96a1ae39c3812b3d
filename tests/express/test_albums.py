"""Albums in the Express dialect."""

from datetime import timedelta

from django.utils import timezone

from musewave import services
from musewave.models import Album, Track
from tests.express.conftest import (
    ALBUM,
    ALBUM_DETAIL,
    assert_list_of,
    assert_malformed_id,
    assert_shape,
    issue_paths,
)

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _album(user_id, **fields):
    return {
        "userId": str(user_id),
        "title": "Night",
        "artist": "Alice",
        "genre": "synthwave",
        "releaseDate": "2026-03-01",
        "trackIds": [],
        **fields,
    }


def test_create_album_moves_the_listed_tracks(api, alice, make_track):
    a, b = make_track(owner=alice), make_track(owner=alice)
    response = api.post("/api/albums", _album(alice.pk, trackIds=[str(a.pk)], published=True))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert_shape(body, ALBUM)
    assert "trackIds" not in body and "trackCount" not in body and "tracks" not in body
    assert body["releaseDate"] == "2026-03-01T00:00:00.000Z"
    assert Track.objects.get(pk=a.pk).album_id == Album.objects.get().pk
    assert Track.objects.get(pk=b.pk).album_id is None


def test_create_album_needs_track_ids_after_the_schema(api, alice):
    missing = api.post(
        "/api/albums", {k: v for k, v in _album(alice.pk).items() if k != "trackIds"}
    )
    assert (missing.status_code, missing.json()) == (400, {"error": "trackIds must be an array"})
    not_a_list = api.post("/api/albums", _album(alice.pk, trackIds="x"))
    assert not_a_list.status_code == 400
    schema_first = api.post("/api/albums", {"userId": str(alice.pk)})
    assert issue_paths(schema_first) == [["title"], ["artist"], ["genre"], ["releaseDate"]]
    assert not Album.objects.exists()


def test_create_album_takes_only_own_tracks(api, alice, bob, make_track):
    mine, theirs = make_track(owner=alice), make_track(owner=bob)
    response = api.post("/api/albums", _album(alice.pk, trackIds=[str(mine.pk), str(theirs.pk)]))
    assert response.status_code == 400
    [issue] = response.json()["error"]
    assert (issue["code"], issue["path"]) == ("custom", ["trackIds", 1])
    unknown = api.post("/api/albums", _album(alice.pk, trackIds=[UNKNOWN]))
    assert [i["path"] for i in unknown.json()["error"]] == [["trackIds", 0]]
    nobody = api.post("/api/albums", _album(UNKNOWN))
    assert (nobody.status_code, nobody.json()) == (404, {"error": "User not found"})
    assert not Album.objects.exists()
    assert Track.objects.filter(album__isnull=False).count() == 0


def test_album_detail_lists_its_tracks_oldest_first_drafts_too(api, alice, make_track):
    tracks = [make_track(owner=alice), make_track(owner=alice, published=False)]
    start = timezone.now() - timedelta(hours=1)
    for n, track in enumerate(tracks):
        Track.objects.filter(pk=track.pk).update(created_at=start + timedelta(minutes=n))
    album = services.album_create(
        actor=alice,
        title="A",
        artist="A",
        genre="g",
        release_date=timezone.now(),
        track_ids=[t.pk for t in reversed(tracks)],
    )
    body = api.get(f"/api/albums/{album.pk}").json()
    assert_shape(body, ALBUM_DETAIL)
    assert [t["id"] for t in body["tracks"]] == [str(t.pk) for t in tracks]
    assert all(t["albumId"] == str(album.pk) for t in body["tracks"])
    missing = api.get(f"/api/albums/{UNKNOWN}")
    assert (missing.status_code, missing.json()) == (404, {"error": "Album not found"})


def test_patch_album_ignores_track_ids_and_read_only_keys(api, alice, bob, make_track):
    track = make_track(owner=alice)
    album = services.album_create(
        actor=alice, title="A", artist="A", genre="g", release_date=timezone.now()
    )
    response = api.patch(
        f"/api/albums/{album.pk}",
        {"title": "B", "trackIds": [str(track.pk)], "userId": str(bob.pk), "createdAt": "x"},
    )
    assert response.status_code == 200, response.json()
    assert_shape(response.json(), ALBUM)
    assert (response.json()["title"], response.json()["userId"]) == ("B", str(alice.pk))
    assert Track.objects.get(pk=track.pk).album_id is None
    bad = api.patch(f"/api/albums/{album.pk}", {"title": ""})
    assert issue_paths(bad) == [["title"]]
    missing = api.patch(f"/api/albums/{UNKNOWN}", {"title": "B"})
    assert (missing.status_code, missing.json()) == (404, {"error": "Album not found"})


def test_delete_album_keeps_its_tracks(api, alice, make_track):
    track = make_track(owner=alice)
    album = services.album_create(
        actor=alice,
        title="A",
        artist="A",
        genre="g",
        release_date=timezone.now(),
        track_ids=[track.pk],
    )
    response = api.delete(f"/api/albums/{album.pk}")
    assert (response.status_code, response.json()) == (200, {"success": True})
    assert "albumId" not in api.get(f"/api/tracks/{track.pk}").json()
    again = api.delete(f"/api/albums/{album.pk}")
    assert (again.status_code, again.json()) == (404, {"error": "Album not found"})


def test_user_albums_oldest_first(api, alice):
    albums = [
        services.album_create(
            actor=alice, title=f"A{n}", artist="A", genre="g", release_date=timezone.now()
        )
        for n in range(3)
    ]
    start = timezone.now() - timedelta(hours=1)
    for n, album in enumerate(albums):
        Album.objects.filter(pk=album.pk).update(created_at=start + timedelta(minutes=n))
    body = api.get(f"/api/users/{alice.pk}/albums").json()
    assert_list_of(body, ALBUM)
    assert [a["id"] for a in body] == [str(a.pk) for a in albums]
    assert api.get(f"/api/users/{UNKNOWN}/albums").json() == []
    assert_malformed_id(api.get("/api/users/bad-id/albums"), "userId")

"""Every write, done once in each dialect, leaves the same rows: both go through the same
services, so validation, hashing, counters and timestamps agree."""

from datetime import UTC, datetime

import pytest

from musewave import services
from musewave.models import Album, Download, Follow, Like, Play, Track, User
from tests.conftest import PASSWORD

# Columns that differ between any two rows: identity, time and what names a row uniquely.
VOLATILE = {"id", "created_at", "updated_at", "published_at", "password", "last_login"}


def row(instance, *, exclude=()) -> dict:
    """The stored columns of `instance` but those that differ between any two rows."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in VOLATILE | set(exclude)
    }


LEGACY_TRACK = {
    "title": "Night Drive", "artist": "Alice", "artist_slug": "alice", "genre": "synthwave",
    "audio_url": "https://cdn.example.com/n.mp3", "audio_file_size": 5000, "audio_duration": 90.5,
    "audio_format": "mp3", "tags": ["Night", " drive "], "published": True, "bpm": 100,
    "mood": "calm", "description": "d", "cover_gradient": "g",
}  # fmt: skip
EXPRESS_TRACK = {
    "title": "Night Drive", "artist": "Alice", "artistSlug": "alice", "genre": "synthwave",
    "audioUrl": "https://cdn.example.com/n.mp3", "audioFileSize": 5000, "audioDuration": 90.5,
    "audioFormat": "mp3", "tags": ["Night", " drive "], "published": True, "bpm": 100,
    "mood": "calm", "description": "d", "coverGradient": "g",
}  # fmt: skip


def _track_state(track: Track) -> tuple:
    track.refresh_from_db()
    return track.plays, track.likes, track.downloads


def test_sign_up(api, db):
    legacy = api.post(
        "/musewave/users/create/",
        {"username": "one", "email": "one@example.com", "password": PASSWORD, "bio": "b",
         "display_name": "D", "website": "https://x.example.com", "twitter": "@t",
         "social_links": {"spotify": "s"}},
    )  # fmt: skip
    express = api.post(
        "/api/users",
        {"username": "two", "email": "two@example.com", "password": PASSWORD, "bio": "b",
         "displayName": "D", "website": "https://x.example.com",
         "socialLinks": {"twitter": "@t", "spotify": "s"}},
    )  # fmt: skip
    assert (legacy.status_code, express.status_code) == (201, 201)
    one, two = User.objects.get(username="one"), User.objects.get(username="two")
    assert row(one, exclude={"username", "email"}) == row(two, exclude={"username", "email"})
    assert one.check_password(PASSWORD) and two.check_password(PASSWORD)


def test_profile_edit(api, make_user):
    one, two = make_user(), make_user()
    legacy = api.patch(f"/musewave/users/{one.pk}/update/", {"bio": "new", "location": "L"})
    express = api.patch(f"/api/users/{two.pk}", {"bio": "new", "location": "L"})
    assert (legacy.status_code, express.status_code) == (200, 200)
    one.refresh_from_db()
    two.refresh_from_db()
    assert row(one, exclude={"username", "email"}) == row(two, exclude={"username", "email"})
    # Without a token neither may take the account over.
    assert (
        api.patch(f"/musewave/users/{one.pk}/update/", {"email": "x@example.com"}).status_code
        == 401
    )
    assert api.patch(f"/api/users/{two.pk}", {"email": "x@example.com"}).status_code == 401


def test_track_upload_edit_and_delete(api, alice):
    legacy = api.post("/musewave/tracks/create/", {"user_id": str(alice.pk), **LEGACY_TRACK})
    express = api.post("/api/tracks", {"userId": str(alice.pk), **EXPRESS_TRACK})
    assert (legacy.status_code, express.status_code) == (201, 201)
    one, two = Track.objects.get(pk=legacy.json()["id"]), Track.objects.get(pk=express.json()["id"])
    assert row(one) == row(two)
    assert one.tags == two.tags == ["night", "drive"]
    assert one.published_at and two.published_at
    api.patch(f"/musewave/tracks/{one.pk}/update/", {"title": "T", "published": False})
    api.patch(f"/api/tracks/{two.pk}", {"title": "T", "published": False})
    one.refresh_from_db()
    two.refresh_from_db()
    assert row(one) == row(two) and one.title == "T"
    assert api.delete(f"/musewave/tracks/{one.pk}/delete/").status_code == 200
    assert api.delete(f"/api/tracks/{two.pk}").status_code == 200
    assert not Track.objects.exists()


def test_album_create_edit_and_delete(api, alice, make_track):
    a, b = make_track(owner=alice), make_track(owner=alice)
    legacy = api.post(
        "/musewave/albums",
        {"user_id": str(alice.pk), "title": "A", "artist": "Alice", "genre": "g",
         "release_date": "2026-03-01T00:00:00Z", "track_ids": [str(a.pk)], "published": True},
    )  # fmt: skip
    express = api.post(
        "/api/albums",
        {"userId": str(alice.pk), "title": "A", "artist": "Alice", "genre": "g",
         "releaseDate": "2026-03-01", "trackIds": [str(b.pk)], "published": True},
    )  # fmt: skip
    assert (legacy.status_code, express.status_code) == (201, 201)
    one, two = Album.objects.get(pk=legacy.json()["id"]), Album.objects.get(pk=express.json()["id"])
    assert row(one) == row(two)
    assert one.release_date == two.release_date == datetime(2026, 3, 1, tzinfo=UTC)
    assert (one.tracks.get(), two.tracks.get()) == (a, b)
    api.patch(f"/musewave/albums/{one.pk}/update", {"title": "B"})
    api.patch(f"/api/albums/{two.pk}", {"title": "B"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert row(one) == row(two) and one.title == "B"
    assert api.delete(f"/musewave/albums/{one.pk}/delete").status_code == 200
    assert api.delete(f"/api/albums/{two.pk}").status_code == 200
    assert not Album.objects.exists()
    assert Track.objects.filter(album__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("legacy_path", "express_path", "body"),
    [
        ("tracks/{}/like/", "tracks/{}/like", {"userId": "{bob}"}),
        ("tracks/{}/play/", "tracks/{}/play", {"userId": "{bob}", "duration": 12.5}),
        ("tracks/{}/download/", "tracks/{}/download", {"userId": "{bob}"}),
        ("tracks/{}/play/", "tracks/{}/play", {}),
        ("tracks/{}/download/", "tracks/{}/download", {}),
    ],
)
def test_likes_plays_and_downloads(api, alice, bob, make_track, legacy_path, express_path, body):
    one, two = make_track(owner=alice), make_track(owner=alice)
    body = {k: v.format(bob=bob.pk) if isinstance(v, str) else v for k, v in body.items()}
    for _ in range(2):  # the repeat: a like or a replay is not counted again
        api.post("/musewave/" + legacy_path.format(one.pk), body, HTTP_USER_AGENT="P/1")
        api.post("/api/" + express_path.format(two.pk), body, HTTP_USER_AGENT="P/1")
    assert _track_state(one) == _track_state(two) != (0, 0, 0)
    for model in (Like, Play, Download):
        rows = [row(r, exclude={"track_id"}) for r in model.objects.order_by("track__title")]
        assert sorted(map(str, rows[: len(rows) // 2])) == sorted(map(str, rows[len(rows) // 2 :]))
    assert (one.updated_at > one.created_at) == (two.updated_at > two.created_at)


def test_unlike(api, alice, bob, make_track):
    one, two = make_track(owner=alice), make_track(owner=alice)
    for track in (one, two):
        services.like_create(actor=bob, track=track)
    legacy = api.delete(f"/musewave/tracks/{one.pk}/like/delete/", {"userId": str(bob.pk)})
    express = api.delete(f"/api/tracks/{two.pk}/like", {"userId": str(bob.pk)})
    assert legacy.json() == express.json() == {"success": True}
    assert _track_state(one) == _track_state(two) == (0, 0, 0)
    assert not Like.objects.exists()


def test_follow_and_unfollow(api, alice, bob, make_user):
    carol = make_user()
    legacy = api.post(f"/musewave/users/{alice.pk}/follow/", {"followerId": str(bob.pk)})
    express = api.post(f"/api/users/{carol.pk}/follow", {"followerId": str(bob.pk)})
    assert (legacy.status_code, express.status_code) == (201, 201)
    assert set(Follow.objects.values_list("follower", "following")) == {
        (bob.pk, alice.pk),
        (bob.pk, carol.pk),
    }
    api.delete(f"/musewave/users/{alice.pk}/follow/delete/", {"followerId": str(bob.pk)})
    api.delete(f"/api/users/{carol.pk}/follow", {"followerId": str(bob.pk)})
    assert not Follow.objects.exists()

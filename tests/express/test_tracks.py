"""Tracks in the Express dialect: list order and filters, sorting, writes, statistics."""

from datetime import timedelta

import pytest
from django.utils import timezone

from musewave import services
from musewave.models import Download, Like, Play, Track
from tests.express.conftest import (
    TRACK,
    TRACK_STATS,
    assert_list_of,
    assert_malformed_id,
    assert_shape,
    issue_paths,
)

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _age(*tracks):
    start = timezone.now() - timedelta(hours=1)
    for n, track in enumerate(tracks):
        Track.objects.filter(pk=track.pk).update(created_at=start + timedelta(minutes=n))


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [t["id"] for t in response.json()]


def _new_track(user_id, **fields):
    return {
        "userId": str(user_id),
        "title": "Night Drive",
        "artist": "Alice",
        "artistSlug": "alice",
        "genre": "Synthwave",
        "audioUrl": "https://cdn.example.com/n.mp3",
        "audioFileSize": 5000000,
        "audioDuration": 180.5,
        "audioFormat": "mp3",
        **fields,
    }


def test_track_list_is_newest_first_by_default(api, alice, make_track):
    tracks = [make_track(owner=alice) for _ in range(3)]
    _age(*tracks)
    body = api.get("/api/tracks").json()
    assert_list_of(body, TRACK)
    assert [t["id"] for t in body] == [str(t.pk) for t in reversed(tracks)]


def test_track_shape(api, track):
    [body] = api.get("/api/tracks").json()
    assert_shape(body, TRACK)
    assert body["tags"] == ["summer", "chill"]
    assert (body["audioDuration"], body["published"], body["mood"]) == (200, True, "happy")
    assert isinstance(body["audioDuration"], int)  # 200, not 200.0
    assert "albumId" not in body and "description" not in body and "bpm" not in body


def test_sort_order_asc_ascends_anything_else_descends(api, alice, make_track):
    low, mid, high = (make_track(owner=alice) for _ in range(3))
    _age(low, mid, high)
    for track, plays in ((low, 1), (mid, 5), (high, 9)):
        Track.objects.filter(pk=track.pk).update(plays=plays)
    up = [str(low.pk), str(mid.pk), str(high.pk)]
    assert _ids(api.get("/api/tracks?sortBy=plays&sortOrder=asc")) == up
    assert _ids(api.get("/api/tracks?sortBy=plays&sortOrder=desc")) == up[::-1]
    assert _ids(api.get("/api/tracks?sortBy=plays&sortOrder=ASC")) == up[::-1]
    assert _ids(api.get("/api/tracks?sortBy=plays&sortOrder=whatever")) == up[::-1]
    assert _ids(api.get("/api/tracks?sortBy=createdAt&sortOrder=asc")) == up


def test_text_sorts_as_people_read_it(api, alice, make_track):
    titles = ["Zed", "beta", "Alpha", "alpha", "9", "10"]
    tracks = {title: make_track(owner=alice, title=title) for title in titles}
    _age(*tracks.values())
    expected = ["10", "9", "alpha", "Alpha", "beta", "Zed"]
    body = api.get("/api/tracks?sortBy=title&sortOrder=asc").json()
    assert [t["title"] for t in body] == expected
    body = api.get("/api/tracks?sortBy=title").json()
    assert [t["title"] for t in body] == expected[::-1]


def test_ties_keep_oldest_first_either_way(api, alice, make_track):
    tracks = [make_track(owner=alice, genre="rock") for _ in range(3)]
    _age(*tracks)
    oldest_first = [str(t.pk) for t in tracks]
    assert _ids(api.get("/api/tracks?sortBy=genre")) == oldest_first
    assert _ids(api.get("/api/tracks?sortBy=genre&sortOrder=asc")) == oldest_first
    assert _ids(api.get("/api/tracks?sortBy=plays")) == oldest_first


def test_unknown_sort_field_is_storage_order(api, alice, make_track):
    tracks = [make_track(owner=alice) for _ in range(3)]
    _age(*tracks)
    for field in ("password", "tags", "nope\x00"):
        assert _ids(api.get(f"/api/tracks?sortBy={field}")) == [str(t.pk) for t in tracks]


def test_any_track_field_sorts(api, alice, make_track):
    a = make_track(owner=alice, audio_duration=300.0, bpm=90)
    b = make_track(owner=alice, audio_duration=100.0, bpm=120)
    assert _ids(api.get("/api/tracks?sortBy=audioDuration&sortOrder=asc")) == [str(b.pk), str(a.pk)]
    assert _ids(api.get("/api/tracks?sortBy=bpm")) == [str(b.pk), str(a.pk)]
    assert _ids(api.get("/api/tracks?sortBy=userId")) != []


def test_filters(api, alice, bob, make_track):
    rock = make_track(owner=alice, genre="Rock", mood="Calm", tags=["a", "b"])
    pop = make_track(owner=bob, genre="pop", tags=["c"])
    draft = make_track(owner=alice, genre="rock", published=False, tags=["b"])
    _age(rock, pop, draft)
    assert _ids(api.get(f"/api/tracks?userId={bob.pk}")) == [str(pop.pk)]
    malformed = api.get("/api/tracks?userId=nope")
    assert malformed.status_code == 400
    assert [issue["path"] for issue in malformed.json()["error"]] == [["userId"]]
    assert _ids(api.get("/api/tracks?genre=ROCK")) == [str(draft.pk), str(rock.pk)]
    assert _ids(api.get("/api/tracks?genre=ro")) == []
    assert _ids(api.get("/api/tracks?mood=calm")) == [str(rock.pk)]
    # any listed tag
    assert _ids(api.get("/api/tracks?tags=c,a")) == [str(pop.pk), str(rock.pk)]
    assert _ids(api.get("/api/tracks?tags=b")) == [str(draft.pk), str(rock.pk)]
    assert _ids(api.get("/api/tracks?published=false")) == [str(draft.pk)]
    assert len(_ids(api.get("/api/tracks?published=False"))) == 3  # not exactly false: ignored
    assert len(_ids(api.get("/api/tracks?genre=&mood=&tags=&userId="))) == 3  # empty: no filter
    # A repeated key counts with its first value.
    assert _ids(api.get("/api/tracks?genre=pop&genre=rock")) == [str(pop.pk)]


def test_track_list_paging_is_tolerant(api, alice, make_track):
    tracks = [make_track(owner=alice) for _ in range(3)]
    _age(*tracks)
    newest = [str(t.pk) for t in reversed(tracks)]
    assert _ids(api.get("/api/tracks?limit=2abc")) == newest[:2]
    assert _ids(api.get("/api/tracks?limit=0&offset=1")) == newest[1:]
    assert _ids(api.get("/api/tracks?limit=x&offset=y")) == newest


def test_create_track(api, alice):
    response = api.post(
        "/api/tracks",
        _new_track(alice.pk, tags=["Night", "drive"], published=True, bpm=100, plays=50),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert_shape(body, TRACK)
    assert (body["plays"], body["likes"], body["downloads"], body["shares"]) == (0, 0, 0, 0)
    assert body["audioDuration"] == 180.5 and body["bpm"] == 100
    assert body["publishedAt"] and body["userId"] == str(alice.pk)
    draft = api.post("/api/tracks", _new_track(alice.pk)).json()
    assert draft["published"] is False and "publishedAt" not in draft and draft["tags"] == []


def test_create_track_issues(api, alice):
    response = api.post(
        "/api/tracks",
        {"userId": str(alice.pk), "title": "", "genre": "x" * 51, "audioDuration": "3"},
    )
    paths = issue_paths(response)
    assert paths[:3] == [["title"], ["artist"], ["artistSlug"]]
    assert ["genre"] in paths and ["audioDuration"] in paths and ["audioUrl"] in paths
    issues = {tuple(i["path"]): i for i in response.json()["error"]}
    assert issues[("title",)]["code"] == "too_small"
    assert issues[("genre",)]["code"] == "too_big"
    assert issues[("audioDuration",)]["received"] == "string"
    tags = api.post("/api/tracks", _new_track(alice.pk, tags=["ok", 3]))
    assert issue_paths(tags) == [["tags", 1]]
    assert not Track.objects.exists()


def test_create_track_for_unknown_user_or_album(api, alice, bob):
    unknown = api.post("/api/tracks", _new_track(UNKNOWN))
    assert (unknown.status_code, unknown.json()) == (404, {"error": "User not found"})
    album = api.post("/api/tracks", _new_track(alice.pk, albumId=UNKNOWN))
    assert (album.status_code, album.json()) == (404, {"error": "Album not found"})
    theirs = services.album_create(
        actor=bob, title="B", artist="B", genre="g", release_date=timezone.now()
    )
    other = api.post("/api/tracks", _new_track(alice.pk, albumId=str(theirs.pk)))
    assert other.status_code == 400 and issue_paths(other) == [["albumId"]]
    assert not Track.objects.exists()
    mine = services.album_create(
        actor=alice, title="A", artist="A", genre="g", release_date=timezone.now()
    )
    ok = api.post("/api/tracks", _new_track(alice.pk, albumId=str(mine.pk)))
    assert (ok.status_code, ok.json()["albumId"]) == (201, str(mine.pk))


def test_patch_track(api, track):
    before = api.get(f"/api/tracks/{track.pk}").json()
    touched = api.patch(f"/api/tracks/{track.pk}", {})
    assert touched.status_code == 200
    assert touched.json()["updatedAt"] > before["updatedAt"]
    assert {k: v for k, v in touched.json().items() if k != "updatedAt"} == {
        k: v for k, v in before.items() if k != "updatedAt"
    }
    response = api.patch(f"/api/tracks/{track.pk}", {"title": "New", "plays": 99, "userId": "x"})
    body = response.json()
    assert (body["title"], body["plays"], body["userId"]) == ("New", 0, str(track.owner_id))
    assert_shape(body, TRACK)


def test_patch_track_validates_before_lookup(api, db):
    response = api.patch(f"/api/tracks/{UNKNOWN}", {"title": 5})
    assert issue_paths(response) == [["title"]]
    missing = api.patch(f"/api/tracks/{UNKNOWN}", {"title": "ok"})
    assert (missing.status_code, missing.json()) == (404, {"error": "Track not found"})
    nobody = api.patch(f"/api/tracks/{UNKNOWN}")
    assert nobody.status_code == 400
    assert nobody.json()["error"][0] == {
        "code": "invalid_type",
        "expected": "object",
        "received": "undefined",
        "path": [],
        "message": "Required",
    }


def test_publishing_stamps_published_at_and_unpublishing_keeps_it(api, make_track, alice):
    draft = make_track(owner=alice, published=False)
    published = api.patch(f"/api/tracks/{draft.pk}", {"published": True}).json()
    assert published["publishedAt"]
    unpublished = api.patch(f"/api/tracks/{draft.pk}", {"published": False}).json()
    assert unpublished["published"] is False
    assert unpublished["publishedAt"] == published["publishedAt"]


def test_delete_track_removes_its_activity(api, track, bob):
    services.like_create(actor=bob, track=track)
    services.play_record(actor=bob, track=track)
    services.download_record(actor=bob, track=track)
    response = api.delete(f"/api/tracks/{track.pk}")
    assert (response.status_code, response.json()) == (200, {"success": True})
    assert not (Track.objects.exists() or Like.objects.exists() or Play.objects.exists())
    assert not Download.objects.exists()
    again = api.delete(f"/api/tracks/{track.pk}")
    assert (again.status_code, again.json()) == (404, {"error": "Track not found"})


def test_track_stats(api, track, bob):
    services.play_record(actor=bob, track=track, duration=100, completed=True)
    services.play_record(actor=None, track=track, duration=50)
    services.play_record(actor=None, track=track, duration=30, ip_address="198.51.100.1")
    body = api.get(f"/api/tracks/{track.pk}/stats").json()
    assert_shape(body, TRACK_STATS)
    assert body["trackId"] == str(track.pk)
    assert list(body["dailyPlays"].values()) == [3]
    assert body["avgListenDuration"] == 60 and isinstance(body["avgListenDuration"], int)
    assert body["completionRate"] == pytest.approx(100 / 3)


def test_unknown_track_stats_are_zeros(api, db):
    body = api.get(f"/api/tracks/{UNKNOWN}/stats").json()
    assert_shape(body, TRACK_STATS)
    assert (body["dailyPlays"], body["totalUniqueListeners"], body["avgListenDuration"]) == (
        {},
        0,
        0,
    )
    assert body["completionRate"] == 0


def test_unknown_track(api, db):
    response = api.get(f"/api/tracks/{UNKNOWN}")
    assert (response.status_code, response.json()) == (404, {"error": "Track not found"})
    assert_malformed_id(api.get("/api/tracks/not-an-id"), "trackId")
    assert_malformed_id(api.delete("/api/tracks/not-an-id"), "trackId")

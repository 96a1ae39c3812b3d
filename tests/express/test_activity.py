"""Likes, plays and downloads in the Express dialect."""

from datetime import timedelta

from django.utils import timezone

from musewave import services
from musewave.models import Download, Like, Play, Track
from tests.express.conftest import (
    DOWNLOAD,
    LIKE,
    PLAY,
    assert_list_of,
    assert_malformed_id,
    assert_shape,
    issue_paths,
)

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _counters(track):
    track.refresh_from_db()
    return track.plays, track.likes, track.downloads


def test_like_and_a_repeat_answer_201_with_the_same_like(api, track, bob):
    first = api.post(f"/api/tracks/{track.pk}/like", {"userId": str(bob.pk)})
    assert first.status_code == 201
    assert_shape(first.json(), LIKE)
    again = api.post(f"/api/tracks/{track.pk}/like", {"userId": str(bob.pk)})
    assert (again.status_code, again.json()) == (201, first.json())
    assert _counters(track) == (0, 1, 0)


def test_like_needs_a_user(api, track):
    for body in ({}, None, {"userId": ""}):
        response = api.post(f"/api/tracks/{track.pk}/like", body)
        assert (response.status_code, response.json()) == (400, {"error": "userId is required"})
    typed = api.post(f"/api/tracks/{track.pk}/like", {"userId": 5})
    assert issue_paths(typed) == [["userId"]]
    unknown = api.post(f"/api/tracks/{track.pk}/like", {"userId": UNKNOWN})
    assert (unknown.status_code, unknown.json()) == (404, {"error": "User not found"})
    no_track = api.post(f"/api/tracks/{UNKNOWN}/like", {"userId": UNKNOWN})
    assert (no_track.status_code, no_track.json()) == (404, {"error": "Track not found"})
    assert not Like.objects.exists() and _counters(track) == (0, 0, 0)


def test_unlike(api, track, bob):
    services.like_create(actor=bob, track=track)
    response = api.delete(f"/api/tracks/{track.pk}/like", {"userId": str(bob.pk)})
    assert (response.status_code, response.json()) == (200, {"success": True})
    assert _counters(track) == (0, 0, 0)
    again = api.delete(f"/api/tracks/{track.pk}/like", {"userId": str(bob.pk)})
    assert (again.status_code, again.json()) == (404, {"error": "Like not found"})
    nobody = api.delete(f"/api/tracks/{track.pk}/like")
    assert (nobody.status_code, nobody.json()) == (400, {"error": "userId is required"})
    assert _counters(track) == (0, 0, 0)


def test_has_liked(api, track, bob):
    path = f"/api/tracks/{track.pk}/like/{bob.pk}"
    assert api.get(path).json() == {"hasLiked": False}
    services.like_create(actor=bob, track=track)
    assert api.get(path).json() == {"hasLiked": True}
    assert api.get(f"/api/tracks/{UNKNOWN}/like/{bob.pk}").json() == {"hasLiked": False}
    assert api.get(f"/api/tracks/{track.pk}/like/{UNKNOWN}").json() == {"hasLiked": False}
    assert_malformed_id(api.get(f"/api/tracks/{track.pk}/like/x"), "userId")


def test_user_likes_oldest_first(api, alice, bob, make_track):
    tracks = [make_track(owner=alice) for _ in range(3)]
    likes = [services.like_create(actor=bob, track=t)[0] for t in tracks]
    start = timezone.now() - timedelta(hours=1)
    for n, like in enumerate(likes):
        Like.objects.filter(pk=like.pk).update(created_at=start + timedelta(minutes=n))
    body = api.get(f"/api/users/{bob.pk}/likes").json()
    assert_list_of(body, LIKE)
    assert [like["id"] for like in body] == [str(like.pk) for like in likes]
    assert api.get(f"/api/users/{UNKNOWN}/likes").json() == []
    assert_malformed_id(api.get("/api/users/x/likes"), "userId")


def test_downloads_count_every_call(api, track, bob):
    anonymous = api.post(f"/api/tracks/{track.pk}/download", HTTP_USER_AGENT="Player/1")
    assert anonymous.status_code == 201
    body = anonymous.json()
    assert_shape(body, DOWNLOAD)
    # The address and user agent are kept, and shown to staff only.
    assert "userId" not in body and "ipAddress" not in body and "userAgent" not in body
    assert Download.objects.get(pk=body["id"]).user_agent == "Player/1"
    known = api.post(f"/api/tracks/{track.pk}/download", {"userId": str(bob.pk)}).json()
    assert known["userId"] == str(bob.pk)  # shown to the one it was recorded for
    api.post(f"/api/tracks/{track.pk}/download", {"userId": str(bob.pk)})
    assert _counters(track) == (0, 0, 3)
    listed = api.get(f"/api/tracks/{track.pk}/downloads").json()
    assert_list_of(listed, DOWNLOAD)
    assert [d["id"] for d in listed][:2] == [body["id"], known["id"]]
    assert api.get(f"/api/tracks/{UNKNOWN}/downloads").json() == []
    missing = api.post(f"/api/tracks/{UNKNOWN}/download")
    assert (missing.status_code, missing.json()) == (404, {"error": "Track not found"})
    assert Download.objects.count() == 3


def test_play(api, track, bob):
    response = api.post(
        f"/api/tracks/{track.pk}/play", {"userId": str(bob.pk), "duration": 30, "completed": True}
    )
    assert response.status_code == 201
    body = response.json()
    assert_shape(body, PLAY)
    assert (body["duration"], body["completed"], body["userId"]) == (30, True, str(bob.pk))
    anonymous = api.post(f"/api/tracks/{track.pk}/play", HTTP_X_REAL="1").json()
    assert (anonymous["duration"], anonymous["completed"]) == (0, False)
    assert "userId" not in anonymous
    assert _counters(track) == (2, 0, 0)


def test_a_replay_in_the_window_answers_the_counted_play(api, track, bob):
    first = api.post(f"/api/tracks/{track.pk}/play", {"userId": str(bob.pk), "duration": 5})
    again = api.post(f"/api/tracks/{track.pk}/play", {"userId": str(bob.pk), "duration": 9})
    assert (again.status_code, again.json()) == (201, first.json())
    assert _counters(track) == (1, 0, 0) and Play.objects.count() == 1


def test_play_input_is_checked(api, track):
    negative = api.post(f"/api/tracks/{track.pk}/play", {"duration": -1})
    [issue] = negative.json()["error"]
    assert (negative.status_code, issue["code"], issue["path"]) == (400, "too_small", ["duration"])
    typed = api.post(f"/api/tracks/{track.pk}/play", {"duration": "5", "completed": "yes"})
    assert issue_paths(typed) == [["duration"], ["completed"]]
    assert not Play.objects.exists()


def test_plays_of_a_track_and_of_a_listener(api, alice, bob, make_track, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    track, other = make_track(owner=alice), make_track(owner=alice)
    plays = [services.play_record(actor=bob, track=t)[0] for t in (track, other, track)]
    start = timezone.now() - timedelta(hours=1)
    for n, play in enumerate(plays):
        Play.objects.filter(pk=play.pk).update(created_at=start + timedelta(minutes=n))
    of_track = api.get(f"/api/tracks/{track.pk}/plays").json()
    assert_list_of(of_track, PLAY)
    assert [p["id"] for p in of_track] == [str(plays[0].pk), str(plays[2].pk)]
    of_bob = api.get(f"/api/users/{bob.pk}/plays").json()
    assert [p["id"] for p in of_bob] == [str(p.pk) for p in plays]
    assert api.get(f"/api/tracks/{UNKNOWN}/plays").json() == []
    assert api.get(f"/api/users/{UNKNOWN}/plays").json() == []
    assert Track.objects.get(pk=track.pk).plays == 2

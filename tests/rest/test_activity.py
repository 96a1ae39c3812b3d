"""Likes, plays and downloads, and the track counters they move."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import Download, Like, Play, Track
from tests.rest.conftest import (
    DOWNLOAD,
    LIKE,
    PLAY,
    SUCCESS,
    JsonClient,
    assert_list_of,
    assert_shape,
)


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


def _counters(track) -> tuple[int, int, int]:
    track.refresh_from_db()
    return track.plays, track.likes, track.downloads


# --- Likes ----------------------------------------------------------------------------------------


def test_like_then_repeat_then_unlike(api, track, bob):
    url = f"/musewave/tracks/{track.pk}/like/"
    first = api.post(url, {"userId": str(bob.pk)})
    assert first.status_code == 201
    assert_shape(first.json(), LIKE)
    assert (first.json()["user_id"], first.json()["track_id"]) == (str(bob.pk), str(track.pk))
    assert _counters(track) == (0, 1, 0)

    repeat = api.post(url, {"userId": str(bob.pk)})
    assert repeat.status_code == 200
    assert repeat.json() == first.json()
    assert _counters(track) == (0, 1, 0)

    unlike = api.delete(f"/musewave/tracks/{track.pk}/like/delete/", {"userId": str(bob.pk)})
    assert unlike.status_code == 200
    assert unlike.json() == SUCCESS
    assert _counters(track) == (0, 0, 0)
    assert not Like.objects.exists()


def test_like_accepts_user_id(api, track, bob):
    response = api.post(f"/musewave/tracks/{track.pk}/like/", {"user_id": str(bob.pk)})
    assert response.status_code == 201
    assert response.json()["user_id"] == str(bob.pk)


@pytest.mark.parametrize("body", [None, {}, {"userId": ""}, {"userId": None}])
def test_like_without_user_is_400(api, track, body):
    response = api.post(f"/musewave/tracks/{track.pk}/like/", body)
    assert response.status_code == 400
    assert response.json() == {"error": "userId is required"}
    assert _counters(track) == (0, 0, 0)


def test_like_by_unknown_user_is_404(api, track):
    response = api.post(f"/musewave/tracks/{track.pk}/like/", {"userId": str(uuid.uuid4())})
    assert response.status_code == 404
    assert response.json() == {"error": "User not found"}
    assert _counters(track) == (0, 0, 0)


@pytest.mark.parametrize("field", ["userId", "user_id"])
@pytest.mark.parametrize("user_id", ["not-a-uuid", "12"])
def test_like_by_malformed_user_id_is_400(api, track, field, user_id):
    response = api.post(f"/musewave/tracks/{track.pk}/like/", {field: user_id})
    assert response.status_code == 400
    assert response.json() == {"error": {field: [f"“{user_id}” is not a valid UUID."]}}
    assert _counters(track) == (0, 0, 0)
    assert not Like.objects.exists()


def test_like_user_id_of_wrong_type_is_400(api, track):
    response = api.post(f"/musewave/tracks/{track.pk}/like/", {"userId": ["x"]})
    assert response.status_code == 400
    assert response.json() == {"error": {"userId": ["Not a valid string."]}}


def test_like_unknown_track_is_404(api, bob):
    response = api.post(f"/musewave/tracks/{uuid.uuid4()}/like/", {"userId": str(bob.pk)})
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_like_malformed_track_id_is_400(api, bob):
    response = api.post("/musewave/tracks/bad/like/", {"userId": str(bob.pk)})
    assert response.status_code == 400
    assert response.json() == {"error": {"track_id": ["“bad” is not a valid UUID."]}}
    assert not Like.objects.exists()


def test_unlike_without_like_is_404(api, track, bob):
    response = api.delete(f"/musewave/tracks/{track.pk}/like/delete/", {"userId": str(bob.pk)})
    assert response.status_code == 404
    assert response.json() == {"error": "Like not found"}


def test_unlike_never_goes_below_zero(api, track, bob):
    services.like_create(actor=bob, track=track)
    Track.objects.filter(pk=track.pk).update(likes=0)
    response = api.delete(f"/musewave/tracks/{track.pk}/like/delete/", {"user_id": str(bob.pk)})
    assert response.status_code == 200
    assert _counters(track) == (0, 0, 0)


def test_unlike_without_user_is_400(api, track):
    response = api.delete(f"/musewave/tracks/{track.pk}/like/delete/")
    assert response.status_code == 400
    assert response.json() == {"error": "userId is required"}


def test_has_liked(api, track, bob, alice):
    services.like_create(actor=bob, track=track)
    assert api.get(f"/musewave/tracks/{track.pk}/like/{bob.pk}/").json() == {"hasLiked": True}
    assert api.get(f"/musewave/tracks/{track.pk}/like/{alice.pk}/").json() == {"hasLiked": False}
    response = api.get(f"/musewave/tracks/{track.pk}/like/garbage/")
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": ["“garbage” is not a valid UUID."]}}
    malformed = api.get("/musewave/tracks/zzz/like/zzz/")
    assert malformed.status_code == 400
    assert malformed.json() == {"error": {"track_id": ["“zzz” is not a valid UUID."]}}
    for path in (f"{uuid.uuid4()}/like/{bob.pk}", f"{track.pk}/like/{uuid.uuid4()}"):
        unknown = api.get(f"/musewave/tracks/{path}/")
        assert (unknown.status_code, unknown.json()) == (404, {"message": "Not found."})


def test_user_likes(api, alice, bob, make_track):
    first, second = make_track(owner=alice), make_track(owner=alice)
    services.like_create(actor=bob, track=first)
    services.like_create(actor=bob, track=second)
    services.like_create(actor=alice, track=first)
    response = api.get(f"/musewave/users/{bob.pk}/likes/")
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, LIKE)
    assert [like["track_id"] for like in body] == [str(second.pk), str(first.pk)]


# --- Downloads ------------------------------------------------------------------------------------


def test_download_every_call_counts(api, track, bob):
    url = f"/musewave/tracks/{track.pk}/download/"
    named = api.post(url, {"userId": str(bob.pk)}, HTTP_USER_AGENT="MuseWave/1.0")
    anonymous = api.post(url, REMOTE_ADDR="203.0.113.7")
    assert (named.status_code, anonymous.status_code) == (201, 201)
    assert_shape(named.json(), DOWNLOAD)
    assert_shape(anonymous.json(), DOWNLOAD)
    assert named.json()["user_id"] == str(bob.pk)
    # Where a download came from is kept for staff only, even from the one who made it.
    assert (named.json()["user_agent"], named.json()["ip_address"]) == (None, None)
    assert anonymous.json()["user_id"] is None
    assert anonymous.json()["ip_address"] is None
    kept = Download.objects.order_by("created_at")
    assert [(d.ip_address, d.user_agent) for d in kept] == [
        ("127.0.0.1", "MuseWave/1.0"),
        ("203.0.113.7", None),
    ]
    assert anonymous.json()["user_agent"] is None
    assert _counters(track) == (0, 0, 2)


def test_download_by_unknown_user_is_404(api, track):
    response = api.post(f"/musewave/tracks/{track.pk}/download/", {"userId": str(uuid.uuid4())})
    assert response.status_code == 404
    assert response.json() == {"error": "User not found"}
    assert _counters(track) == (0, 0, 0)
    assert not Download.objects.exists()


def test_download_unknown_track_is_404(api):
    response = api.post(f"/musewave/tracks/{uuid.uuid4()}/download/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_track_downloads(api, track, bob):
    services.download_record(actor=bob, track=track)
    services.download_record(actor=None, track=track)
    response = api.get(f"/musewave/tracks/{track.pk}/downloads/")
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, DOWNLOAD)
    # Who downloaded: only for that user, the track's owner and staff.
    assert [d["user_id"] for d in body] == [None, None]
    owner = api.get(f"/musewave/tracks/{track.pk}/downloads/", **bearer(track.owner))
    assert [d["user_id"] for d in owner.json()] == [None, str(bob.pk)]


# --- Plays ----------------------------------------------------------------------------------------


def test_play_with_defaults(api, track):
    response = api.post(f"/musewave/tracks/{track.pk}/play/")
    assert response.status_code == 201
    body = response.json()
    assert_shape(body, PLAY)
    assert (body["user_id"], body["duration"], body["completed"]) == (None, 0.0, False)
    assert _counters(track) == (1, 0, 0)


def test_play_with_user_duration_and_completion(api, track, bob):
    response = api.post(
        f"/musewave/tracks/{track.pk}/play/",
        {"userId": str(bob.pk), "duration": 187, "completed": True},
    )
    assert response.status_code == 201
    body = response.json()
    assert_shape(body, PLAY)
    assert (body["user_id"], body["duration"], body["completed"]) == (str(bob.pk), 187.0, True)
    assert _counters(track) == (1, 0, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"duration": -1}, "duration"),
        ({"duration": "long"}, "duration"),
        ({"completed": 3}, "completed"),
    ],
)
def test_play_invalid_values_change_nothing(api, track, body, field):
    response = api.post(f"/musewave/tracks/{track.pk}/play/", body)
    assert response.status_code == 400
    assert list(response.json()["error"]) == [field]
    assert _counters(track) == (0, 0, 0)
    assert not Play.objects.exists()


def test_play_by_unknown_user_is_404(api, track):
    response = api.post(f"/musewave/tracks/{track.pk}/play/", {"user_id": str(uuid.uuid4())})
    assert response.status_code == 404
    assert response.json() == {"error": "User not found"}
    assert _counters(track) == (0, 0, 0)


@pytest.mark.parametrize("path", ["play", "download"])
def test_play_or_download_by_malformed_user_id_is_400(api, track, path):
    response = api.post(f"/musewave/tracks/{track.pk}/{path}/", {"user_id": "nobody"})
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": ["“nobody” is not a valid UUID."]}}
    assert _counters(track) == (0, 0, 0)
    assert not Play.objects.exists() and not Download.objects.exists()


def test_play_unknown_track_is_404(api):
    response = api.post(f"/musewave/tracks/{uuid.uuid4()}/play/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_track_plays_and_user_plays(api, alice, bob, track, make_track):
    other = make_track(owner=alice)
    services.play_record(actor=bob, track=track, duration=5)
    services.play_record(actor=None, track=track)
    services.play_record(actor=bob, track=other)
    track_plays = api.get(f"/musewave/tracks/{track.pk}/plays/")
    assert track_plays.status_code == 200
    assert_list_of(track_plays.json(), PLAY)
    # The listener only for that listener, the track's owner and staff (tests/rest/test_privacy).
    assert [p["user_id"] for p in track_plays.json()] == [None, None]
    as_bob = api.get(f"/musewave/tracks/{track.pk}/plays/", **bearer(bob))
    assert [p["user_id"] for p in as_bob.json()] == [None, str(bob.pk)]
    user_plays = api.get(f"/musewave/users/{bob.pk}/plays/")
    assert user_plays.status_code == 200
    assert_list_of(user_plays.json(), PLAY)
    assert [p["track_id"] for p in user_plays.json()] == [str(other.pk), str(track.pk)]


def test_play_list_pages(api, track):
    for _ in range(3):
        services.play_record(actor=None, track=track)
    assert len(api.get(f"/musewave/tracks/{track.pk}/plays/?limit=2").json()) == 2
    response = api.get(f"/musewave/tracks/{track.pk}/plays/?offset=x")
    assert response.status_code == 400
    assert response.json() == {"error": {"offset": ["A valid integer is required."]}}


# --- Concurrency ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_plays_and_downloads_keep_exact_counters(make_user, make_track):
    owner = make_user()
    track = make_track(owner=owner)
    fans = [make_user() for _ in range(6)]

    def act(fan):
        client = JsonClient()
        try:
            results = [
                client.post(f"/musewave/tracks/{track.pk}/like/", {"userId": str(fan.pk)}),
                client.post(f"/musewave/tracks/{track.pk}/like/", {"userId": str(fan.pk)}),
                client.post(f"/musewave/tracks/{track.pk}/play/", {"userId": str(fan.pk)}),
                client.post(f"/musewave/tracks/{track.pk}/download/"),
            ]
            return [r.status_code for r in results]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(act, fans))
    assert all(s[0] in (200, 201) and s[1] in (200, 201) for s in statuses)
    assert _counters(track) == (6, 6, 6)
    assert Like.objects.filter(track=track).count() == 6

    def unlike(fan):
        try:
            return (
                JsonClient()
                .delete(f"/musewave/tracks/{track.pk}/like/delete/", {"userId": str(fan.pk)})
                .status_code
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(unlike, fans * 2)).count(200) == 6
    assert _counters(track) == (6, 0, 6)

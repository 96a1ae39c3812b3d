"""Notifications, the feed and reposts over REST: new paths, each needing a token."""

import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import Notification, Repost
from tests.rest.conftest import (
    INT,
    SUCCESS,
    TRACK,
    Timestamp,
    Uuid,
    assert_list_of,
    assert_shape,
)

NOTIFICATION = {
    "id": Uuid,
    "kind": (str,),
    "actor_id": (Uuid, type(None)),
    "track_id": (Uuid, type(None)),
    "comment_id": (Uuid, type(None)),
    "created_at": Timestamp,
    "read_at": (Timestamp, type(None)),
}
FEED_TRACK = {**TRACK, "reposted_by_id": (Uuid, type(None)), "feed_at": Timestamp}
REPOST = {"id": Uuid, "user_id": Uuid, "track_id": Uuid, "created_at": Timestamp, "shares": INT}


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/musewave/notifications/"),
        ("post", "/musewave/notifications/read/"),
        ("get", "/musewave/feed/"),
        ("post", "/musewave/tracks/{track}/repost/"),
        ("delete", "/musewave/tracks/{track}/repost/"),
    ],
)
def test_every_path_needs_a_token(api, track, method, path):
    response = api.request(method, path.format(track=track.pk))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'
    assert not Repost.objects.exists()


def test_notifications_list_and_mark_read(api, alice, bob, track):
    services.follow_create(actor=bob, following=alice)
    services.like_create(actor=bob, track=track)
    response = api.get("/musewave/notifications/", **bearer(alice))
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, NOTIFICATION)
    assert [(n["kind"], n["actor_id"]) for n in body] == [
        ("like", str(bob.pk)),
        ("follow", str(bob.pk)),
    ]
    assert body[0]["track_id"] == str(track.pk)
    assert api.get("/musewave/notifications/", **bearer(bob)).json() == []

    like_id = body[0]["id"]
    marked = api.post("/musewave/notifications/read/", {"ids": [like_id]}, **bearer(alice))
    assert marked.status_code == 200
    assert marked.json() == {"marked": 1, "unread_count": 1}
    unread = api.get("/musewave/notifications/?unread_only=true", **bearer(alice)).json()
    assert [n["kind"] for n in unread] == ["follow"]
    paged = api.get("/musewave/notifications/?limit=1&offset=1", **bearer(alice)).json()
    assert [n["kind"] for n in paged] == ["follow"]
    assert api.post("/musewave/notifications/read/", {}, **bearer(alice)).json() == {
        "marked": 1,
        "unread_count": 0,
    }


def test_mark_read_with_bad_ids_is_400_and_changes_nothing(api, alice, bob, track):
    services.like_create(actor=bob, track=track)
    response = api.post("/musewave/notifications/read/", {"ids": ["nope"]}, **bearer(alice))
    assert response.status_code == 400
    response = api.post("/musewave/notifications/read/", {"ids": "nope"}, **bearer(alice))
    assert response.status_code == 400
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_repost_is_idempotent_and_moves_shares(api, alice, bob, track):
    url = f"/musewave/tracks/{track.pk}/repost/"
    first = api.post(url, **bearer(bob))
    assert first.status_code == 201
    assert_shape(first.json(), REPOST)
    assert first.json()["shares"] == 1
    repeat = api.post(url, **bearer(bob))
    assert repeat.status_code == 200
    assert repeat.json() == first.json()

    assert api.delete(url, **bearer(bob)).json() == SUCCESS
    assert api.delete(url, **bearer(bob)).status_code == 404
    track.refresh_from_db()
    assert track.shares == 0


def test_repost_of_unknown_or_hidden_tracks(api, alice, bob, make_track):
    draft = make_track(owner=alice, published=False)
    assert api.post("/musewave/tracks/not-a-uuid/repost/", **bearer(bob)).status_code == 400
    unknown = "00000000-0000-4000-8000-000000000000"
    assert api.post(f"/musewave/tracks/{unknown}/repost/", **bearer(bob)).status_code == 404
    response = api.post(f"/musewave/tracks/{draft.pk}/repost/", **bearer(alice))
    assert response.status_code == 400
    assert not Repost.objects.exists()


def test_feed_lists_followed_tracks_and_reposts(api, alice, bob, make_user, make_track):
    carol = make_user(username="carol")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=bob, following=carol)
    own = make_track(owner=alice, title="alice's")
    other = make_track(owner=make_user(username="dave"), title="dave's")
    services.repost_create(actor=carol, track=other)
    response = api.get("/musewave/feed/", **bearer(bob))
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, FEED_TRACK)
    assert [(t["id"], t["reposted_by_id"]) for t in body] == [
        (str(other.pk), str(carol.pk)),
        (str(own.pk), None),
    ]
    assert [t["id"] for t in api.get("/musewave/feed/?limit=1&offset=1", **bearer(bob)).json()] == [
        str(own.pk)
    ]
    assert api.get("/musewave/feed/?limit=x", **bearer(bob)).status_code == 400

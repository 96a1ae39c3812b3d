"""Search and artists in the Express dialect."""

from datetime import timedelta

from django.utils import timezone

from musewave.models import User
from tests.express.conftest import TRACK, USER, assert_list_of


def test_search_finds_tracks_and_users(api, track, alice):
    body = api.get("/api/search?q=summer").json()
    assert set(body) == {"tracks", "users"}
    assert_list_of(body["tracks"], TRACK)
    assert [t["id"] for t in body["tracks"]] == [str(track.pk)]
    users = api.get("/api/search?q=ALICE&type=users").json()
    assert users["tracks"] == [] and [u["id"] for u in users["users"]] == [str(alice.pk)]
    assert_list_of(users["users"], USER)
    tracks = api.get("/api/search?q=alice&type=tracks").json()
    assert tracks["users"] == [] and len(tracks["tracks"]) == 1
    both = api.get("/api/search?q=alice&type=whatever").json()
    assert len(both["tracks"]) == 1 and len(both["users"]) == 1


def test_search_does_not_match_email_nor_drafts(api, alice, make_track):
    make_track(owner=alice, title="Secret Demo", published=False)
    assert api.get("/api/search?q=example.com&type=users").json()["users"] == []
    assert api.get("/api/search?q=secret").json()["tracks"] == []


def test_search_needs_q_and_blank_finds_nothing(api, track):
    for path in ("/api/search", "/api/search?q="):
        response = api.get(path)
        assert (response.status_code, response.json()) == (
            400,
            {"error": "Query parameter 'q' is required"},
        )
    blank = api.get("/api/search?q=%20%20")
    assert (blank.status_code, blank.json()) == (200, {"tracks": [], "users": []})


def test_search_limit_is_tolerant(api, alice, make_track):
    for n in range(3):
        make_track(owner=alice, title=f"Summer {n}")
    assert len(api.get("/api/search?q=summer&limit=2").json()["tracks"]) == 2
    assert len(api.get("/api/search?q=summer&limit=0").json()["tracks"]) == 3
    assert len(api.get("/api/search?q=summer&limit=abc").json()["tracks"]) == 3
    # A repeated key counts with its first value.
    assert len(api.get("/api/search?q=summer%201&q=nothing").json()["tracks"]) >= 1


def test_artists_own_any_track_oldest_first(api, alice, bob, make_user, make_track):
    carol = make_user()
    make_track(owner=bob, published=False)  # drafts count (they are public in legacy mode)
    make_track(owner=alice)
    start = timezone.now() - timedelta(hours=1)
    for n, user in enumerate((alice, bob, carol)):
        User.objects.filter(pk=user.pk).update(created_at=start + timedelta(minutes=n))
    body = api.get("/api/artists").json()
    assert_list_of(body, USER)
    assert [u["id"] for u in body] == [str(alice.pk), str(bob.pk)]


def test_artists_follow_the_draft_rule_when_auth_is_required(api, alice, bob, make_track, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    make_track(owner=bob, published=False)
    make_track(owner=alice)
    assert [u["id"] for u in api.get("/api/artists").json()] == [str(alice.pk)]

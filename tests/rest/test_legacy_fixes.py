"""Fixes to the legacy dialect: snake_case sort parameters, a nested social_links object, and
a replayed play answered with the play already counted."""

from datetime import timedelta

from django.utils import timezone

from musewave.models import Play, Track, User
from tests.conftest import PASSWORD


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [t["id"] for t in response.json()]


def test_sort_by_and_sort_order_in_snake_case(api, alice, make_track):
    low, high = make_track(owner=alice), make_track(owner=alice)
    Track.objects.filter(pk=low.pk).update(plays=1, created_at=timezone.now())
    Track.objects.filter(pk=high.pk).update(plays=9, created_at=timezone.now() - timedelta(1))
    by_plays = [str(high.pk), str(low.pk)]
    assert _ids(api.get("/musewave/tracks/?sort_by=plays")) == by_plays
    assert _ids(api.get("/musewave/tracks/?sort_by=plays&sort_order=asc")) == by_plays[::-1]
    assert _ids(api.get("/musewave/tracks/?sortBy=plays&sort_order=asc")) == by_plays[::-1]
    # Unsorted (newest first) is a different order, so the parameters were not ignored.
    assert _ids(api.get("/musewave/tracks/")) == [str(low.pk), str(high.pk)]
    bad = api.get("/musewave/tracks/?sort_by=password")
    assert bad.status_code == 400 and list(bad.json()["error"]) == ["sortBy"]


def test_nested_social_links_on_create(api, db):
    response = api.post(
        "/musewave/users/create/",
        {
            "username": "carol",
            "email": "carol@example.com",
            "password": PASSWORD,
            "social_links": {"twitter": "@carol", "spotify": "carol"},
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["social_links"] == {
        "twitter": "@carol",
        "instagram": None,
        "spotify": "carol",
        "soundcloud": None,
    }
    user = User.objects.get(username="carol")
    assert (user.twitter, user.spotify) == ("@carol", "carol")


def test_nested_social_links_on_update(api, alice):
    alice.instagram = "alice.insta"
    alice.save()
    response = api.patch(
        f"/musewave/users/{alice.pk}/update/",
        {"social_links": {"twitter": "@alice", "soundcloud": None}, "spotify": "flat"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["social_links"] == {
        "twitter": "@alice",
        "instagram": "alice.insta",  # a key not sent stays
        "spotify": "flat",
        "soundcloud": None,
    }
    flat_wins = api.patch(
        f"/musewave/users/{alice.pk}/update/",
        {"social_links": {"twitter": "nested"}, "twitter": "flat"},
    )
    assert flat_wins.json()["social_links"]["twitter"] == "flat"
    bad = api.patch(f"/musewave/users/{alice.pk}/update/", {"social_links": "x"})
    assert (bad.status_code, list(bad.json()["error"])) == (400, ["social_links"])


def test_an_anonymous_replay_from_the_same_address_is_the_same_play(api, track):
    first = api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": 3})
    again = api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": 4})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    other = api.post(
        f"/musewave/tracks/{track.pk}/play/", {"duration": 4}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 201
    assert Play.objects.count() == 2
    assert Track.objects.get(pk=track.pk).plays == 2


def test_a_counter_change_moves_updated_at(api, track, bob):
    before = Track.objects.get(pk=track.pk).updated_at
    api.post(f"/musewave/tracks/{track.pk}/like/", {"userId": str(bob.pk)})
    assert Track.objects.get(pk=track.pk).updated_at > before

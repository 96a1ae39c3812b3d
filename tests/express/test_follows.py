"""Follows in the Express dialect."""

from datetime import timedelta

from django.utils import timezone

from musewave import services
from musewave.models import Follow
from tests.express.conftest import (
    FOLLOW,
    assert_list_of,
    assert_malformed_id,
    assert_shape,
    issue_paths,
)

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def test_follow_and_a_repeat_answer_201_with_the_same_follow(api, alice, bob):
    first = api.post(f"/api/users/{alice.pk}/follow", {"followerId": str(bob.pk)})
    assert first.status_code == 201
    assert_shape(first.json(), FOLLOW)
    assert (first.json()["followerId"], first.json()["followingId"]) == (str(bob.pk), str(alice.pk))
    again = api.post(f"/api/users/{alice.pk}/follow", {"followerId": str(bob.pk)})
    assert (again.status_code, again.json()) == (201, first.json())
    assert Follow.objects.count() == 1


def test_follow_rules(api, alice):
    nobody = api.post(f"/api/users/{alice.pk}/follow")
    assert (nobody.status_code, nobody.json()) == (400, {"error": "followerId is required"})
    self_follow = api.post(f"/api/users/{alice.pk}/follow", {"followerId": str(alice.pk)})
    assert (self_follow.status_code, self_follow.json()) == (
        400,
        {"error": "You cannot follow yourself"},
    )
    typed = api.post(f"/api/users/{alice.pk}/follow", {"followerId": ["x"]})
    assert issue_paths(typed) == [["followerId"]]
    unknown = api.post(f"/api/users/{UNKNOWN}/follow", {"followerId": str(alice.pk)})
    assert (unknown.status_code, unknown.json()) == (404, {"error": "User not found"})
    unknown_follower = api.post(f"/api/users/{alice.pk}/follow", {"followerId": UNKNOWN})
    assert (unknown_follower.status_code, unknown_follower.json()["error"]) == (
        404,
        "User not found",
    )
    assert not Follow.objects.exists()


def test_unfollow(api, alice, bob):
    services.follow_create(actor=bob, following=alice)
    response = api.delete(f"/api/users/{alice.pk}/follow", {"followerId": str(bob.pk)})
    assert (response.status_code, response.json()) == (200, {"success": True})
    again = api.delete(f"/api/users/{alice.pk}/follow", {"followerId": str(bob.pk)})
    assert (again.status_code, again.json()) == (404, {"error": "Follow not found"})
    nobody = api.delete(f"/api/users/{alice.pk}/follow")
    assert (nobody.status_code, nobody.json()) == (400, {"error": "followerId is required"})


def test_is_following(api, alice, bob):
    path = f"/api/users/{alice.pk}/follow/{bob.pk}"
    assert api.get(path).json() == {"isFollowing": False}
    services.follow_create(actor=bob, following=alice)
    assert api.get(path).json() == {"isFollowing": True}
    assert api.get(f"/api/users/{bob.pk}/follow/{alice.pk}").json() == {"isFollowing": False}
    assert api.get(f"/api/users/{UNKNOWN}/follow/{bob.pk}").json() == {"isFollowing": False}
    assert_malformed_id(api.get(f"/api/users/{alice.pk}/follow/y"), "followerId")


def test_followers_and_following_oldest_first(api, alice, bob, make_user):
    carol = make_user()
    follows = [
        services.follow_create(actor=bob, following=alice)[0],
        services.follow_create(actor=carol, following=alice)[0],
        services.follow_create(actor=bob, following=carol)[0],
    ]
    start = timezone.now() - timedelta(hours=1)
    for n, follow in enumerate(follows):
        Follow.objects.filter(pk=follow.pk).update(created_at=start + timedelta(minutes=n))
    followers = api.get(f"/api/users/{alice.pk}/followers").json()
    assert_list_of(followers, FOLLOW)
    assert [f["id"] for f in followers] == [str(follows[0].pk), str(follows[1].pk)]
    following = api.get(f"/api/users/{bob.pk}/following").json()
    assert [f["id"] for f in following] == [str(follows[0].pk), str(follows[2].pk)]
    assert api.get(f"/api/users/{UNKNOWN}/followers").json() == []
    assert_malformed_id(api.get("/api/users/x/following"), "userId")

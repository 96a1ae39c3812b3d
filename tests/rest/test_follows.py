"""Follows: the path user is the one followed, `followerId` the one who follows."""

import uuid

from musewave import services
from musewave.models import Follow
from tests.rest.conftest import FOLLOW, SUCCESS, assert_list_of, assert_shape


def test_follow_repeat_and_unfollow(api, alice, bob):
    url = f"/musewave/users/{alice.pk}/follow/"
    first = api.post(url, {"followerId": str(bob.pk)})
    assert first.status_code == 201
    assert_shape(first.json(), FOLLOW)
    assert first.json()["follower_id"] == str(bob.pk)
    assert first.json()["following_id"] == str(alice.pk)

    repeat = api.post(url, {"follower_id": str(bob.pk)})
    assert repeat.status_code == 200
    assert repeat.json() == first.json()
    assert Follow.objects.count() == 1

    response = api.delete(f"/musewave/users/{alice.pk}/follow/delete/", {"followerId": str(bob.pk)})
    assert response.status_code == 200
    assert response.json() == SUCCESS
    assert not Follow.objects.exists()


def test_follow_yourself_is_400(api, alice):
    response = api.post(f"/musewave/users/{alice.pk}/follow/", {"followerId": str(alice.pk)})
    assert response.status_code == 400
    assert response.json() == {"error": "You cannot follow yourself"}
    assert not Follow.objects.exists()


def test_follow_without_follower_is_400(api, alice):
    response = api.post(f"/musewave/users/{alice.pk}/follow/", {"userId": "ignored"})
    assert response.status_code == 400
    assert response.json() == {"error": "followerId is required"}


def test_follow_by_unknown_user_is_404(api, alice):
    response = api.post(f"/musewave/users/{alice.pk}/follow/", {"followerId": str(uuid.uuid4())})
    assert response.status_code == 404
    assert response.json() == {"error": "User not found"}
    assert not Follow.objects.exists()


def test_follow_unknown_user_in_path_is_404(api, bob):
    response = api.post(f"/musewave/users/{uuid.uuid4()}/follow/", {"followerId": str(bob.pk)})
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    assert not Follow.objects.exists()


def test_follow_malformed_user_in_path_or_body_is_400(api, alice, bob):
    response = api.post("/musewave/users/x/follow/", {"followerId": str(bob.pk)})
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": ["“x” is not a valid UUID."]}}
    response = api.post(f"/musewave/users/{alice.pk}/follow/", {"followerId": "yyy"})
    assert response.status_code == 400
    assert response.json() == {"error": {"followerId": ["“yyy” is not a valid UUID."]}}
    assert not Follow.objects.exists()


def test_unfollow_when_not_following_is_404(api, alice, bob):
    response = api.delete(f"/musewave/users/{alice.pk}/follow/delete/", {"followerId": str(bob.pk)})
    assert response.status_code == 404
    assert response.json() == {"error": "Follow not found"}


def test_unfollow_without_follower_is_400(api, alice):
    response = api.delete(f"/musewave/users/{alice.pk}/follow/delete/", {})
    assert response.status_code == 400
    assert response.json() == {"error": "followerId is required"}


def test_is_following(api, alice, bob):
    services.follow_create(actor=bob, following=alice)
    assert api.get(f"/musewave/users/{alice.pk}/follow/{bob.pk}/").json() == {"isFollowing": True}
    assert api.get(f"/musewave/users/{bob.pk}/follow/{alice.pk}/").json() == {"isFollowing": False}
    response = api.get(f"/musewave/users/{alice.pk}/follow/nobody/")
    assert response.status_code == 400
    assert response.json() == {"error": {"follower_id": ["“nobody” is not a valid UUID."]}}
    response = api.get("/musewave/users/zzz/follow/yyy/")
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": ["“zzz” is not a valid UUID."]}}
    for path in (f"{uuid.uuid4()}/follow/{bob.pk}", f"{alice.pk}/follow/{uuid.uuid4()}"):
        unknown = api.get(f"/musewave/users/{path}/")
        assert (unknown.status_code, unknown.json()) == (404, {"message": "Not found."})


def test_followers_and_following(api, alice, bob, make_user):
    carol = make_user()
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    services.follow_create(actor=alice, following=carol)

    followers = api.get(f"/musewave/users/{alice.pk}/followers/")
    assert followers.status_code == 200
    assert_list_of(followers.json(), FOLLOW)
    assert [f["follower_id"] for f in followers.json()] == [str(carol.pk), str(bob.pk)]
    assert {f["following_id"] for f in followers.json()} == {str(alice.pk)}

    following = api.get(f"/musewave/users/{alice.pk}/following/")
    assert following.status_code == 200
    assert_list_of(following.json(), FOLLOW)
    assert [(f["follower_id"], f["following_id"]) for f in following.json()] == [
        (str(alice.pk), str(carol.pk))
    ]


def test_follow_lists_of_malformed_user_are_400(api):
    for suffix in ("followers", "following"):
        response = api.get(f"/musewave/users/not-a-uuid/{suffix}/")
        assert response.status_code == 400
        assert response.json() == {"error": {"user_id": ["“not-a-uuid” is not a valid UUID."]}}

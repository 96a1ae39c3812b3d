"""Users: list, detail, by username, sign-up, profile update and statistics."""

import uuid

import pytest
from django.contrib.auth.hashers import check_password
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import User
from tests.conftest import PASSWORD
from tests.rest.conftest import USER, USER_STATS, assert_list_of, assert_shape


def test_user_list_newest_first(api, make_user):
    first, second = make_user(), make_user()
    response = api.get("/musewave/users/")
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, USER)
    assert [u["id"] for u in body] == [str(second.pk), str(first.pk)]


def test_user_list_pages(api, make_user):
    users = [make_user() for _ in range(3)]
    response = api.get("/musewave/users/?limit=1&offset=1")
    assert response.status_code == 200
    assert [u["id"] for u in response.json()] == [str(users[1].pk)]


def test_user_detail(api, alice):
    response = api.get(f"/musewave/users/{alice.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, USER)
    assert body["id"] == str(alice.pk)
    assert body["username"] == "alice"
    assert body["display_name"] == "Alice"
    assert body["avatar_url"] is None
    assert body["social_links"] == {
        "twitter": None,
        "instagram": None,
        "spotify": None,
        "soundcloud": None,
    }
    assert "password" not in response.content.decode()


def test_user_detail_unknown_is_404(api):
    response = api.get(f"/musewave/users/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


@pytest.mark.parametrize("user_id", ["not-a-uuid", "123"])
def test_user_detail_malformed_is_400(api, user_id):
    response = api.get(f"/musewave/users/{user_id}/")
    assert response.status_code == 400
    assert response.json() == {"error": {"user_id": [f"“{user_id}” is not a valid UUID."]}}


def test_user_by_username_ignores_case(api, alice):
    response = api.get("/musewave/users/username/ALICE/")
    assert response.status_code == 200
    assert_shape(response.json(), USER)
    assert response.json()["id"] == str(alice.pk)


def test_user_by_username_unknown_is_404(api, alice):
    response = api.get("/musewave/users/username/nobody/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_user_by_username_with_null_character_is_404(api, alice):
    response = api.get("/musewave/users/username/al%00ice/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_user_create(api):
    response = api.post(
        "/musewave/users/create/",
        {
            "username": "carol",
            "email": "carol@example.com",
            "password": PASSWORD,
            "display_name": "Carol",
            "bio": "Sings.",
            "twitter": "@carol",
            "soundcloud": "carol-sc",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert_shape(body, USER)
    assert body["username"] == "carol"
    assert body["bio"] == "Sings."
    assert body["social_links"] == {
        "twitter": "@carol",
        "instagram": None,
        "spotify": None,
        "soundcloud": "carol-sc",
    }
    assert body["verified"] is False
    user = User.objects.get(pk=body["id"])
    assert check_password(PASSWORD, user.password)
    assert "password" not in response.content.decode()


def test_user_create_duplicates(api, alice):
    response = api.post(
        "/musewave/users/create/",
        {"username": "Alice", "email": "ALICE@example.com", "password": PASSWORD},
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "username": ["user with this username already exists."],
            "email": ["user with this email already exists."],
        }
    }
    assert User.objects.count() == 1


def test_user_create_requires_fields(api):
    response = api.post("/musewave/users/create/", {})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "username": ["This field is required."],
            "email": ["This field is required."],
            "password": ["This field is required."],
        }
    }


def test_user_create_rejects_invalid_values(api):
    response = api.post(
        "/musewave/users/create/",
        {"username": "ab", "email": "not-an-email", "password": PASSWORD, "bio": "x" * 501},
    )
    assert response.status_code == 400
    errors = response.json()["error"]
    assert set(errors) == {"username", "email", "bio"}
    assert all(isinstance(m, str) for messages in errors.values() for m in messages)
    assert not User.objects.exists()


def test_user_create_rejects_wrong_types(api):
    response = api.post(
        "/musewave/users/create/",
        {"username": ["x"], "email": {"a": 1}, "password": True},
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "username": ["Not a valid string."],
            "email": ["Not a valid string."],
            "password": ["Not a valid string."],
        }
    }


def test_user_update_profile_social_links_and_password(api, alice):
    access = RefreshToken.for_user(alice).access_token
    response = api.patch(
        f"/musewave/users/{alice.pk}/update/",
        {
            "bio": "New bio",
            "location": "Lisbon",
            "instagram": "alice.ig",
            "spotify": "alice-sp",
            "password": "An0ther-Passw0rd!",
        },
        HTTP_AUTHORIZATION=f"Bearer {access}",
    )
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, USER)
    assert body["bio"] == "New bio"
    assert body["location"] == "Lisbon"
    assert body["social_links"]["instagram"] == "alice.ig"
    assert body["social_links"]["spotify"] == "alice-sp"
    alice.refresh_from_db()
    assert alice.instagram == "alice.ig"
    assert check_password("An0ther-Passw0rd!", alice.password)
    assert not alice.password.startswith("An0ther")


@pytest.mark.parametrize("field", ["password", "email"])
def test_without_a_token_password_and_email_cannot_change(api, alice, field):
    value = "Hijack3d-Passw0rd!" if field == "password" else "thief@example.com"
    response = api.patch(f"/musewave/users/{alice.pk}/update/", {field: value, "bio": "x"})
    assert response.status_code == 401
    assert response.json() == {"error": "Changing the password or email needs the user's token."}
    alice.refresh_from_db()
    assert (alice.email, alice.bio) == ("alice@example.com", "")
    assert alice.check_password(PASSWORD)


def test_user_update_duplicate_username_changes_nothing(api, alice, bob):
    response = api.patch(f"/musewave/users/{bob.pk}/update/", {"username": "ALICE", "bio": "x"})
    assert response.status_code == 400
    assert response.json() == {"error": {"username": ["user with this username already exists."]}}
    bob.refresh_from_db()
    assert (bob.username, bob.bio) == ("bob", "")


def test_user_update_weak_password_is_refused(api, alice):
    old_hash = alice.password
    access = RefreshToken.for_user(alice).access_token
    response = api.patch(
        f"/musewave/users/{alice.pk}/update/",
        {"password": "123"},
        HTTP_AUTHORIZATION=f"Bearer {access}",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"password"}
    alice.refresh_from_db()
    assert alice.password == old_hash


def test_user_update_unknown_user_is_404(api):
    response = api.patch(f"/musewave/users/{uuid.uuid4()}/update/", {"bio": "x"})
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_user_stats(api, alice, bob, make_track):
    track = make_track(owner=alice)
    services.play_record(actor=bob, track=track, duration=10)
    services.play_record(actor=None, track=track)
    services.like_create(actor=bob, track=track)
    services.download_record(actor=bob, track=track)
    services.follow_create(actor=bob, following=alice)
    response = api.get(f"/musewave/users/{alice.pk}/stats/")
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, USER_STATS)
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        "user_id": str(alice.pk),
        "total_tracks": 1,
        "total_plays": 2,
        "total_likes": 1,
        "total_downloads": 1,
        "total_followers": 1,
        "total_following": 0,
        "monthly_listeners": 2,
    }


def test_user_stats_unknown_user_is_404(api):
    response = api.get(f"/musewave/users/{uuid.uuid4()}/stats/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_artists_are_users_with_a_published_track(api, alice, bob, make_user, make_track):
    carol = make_user()
    make_track(owner=alice)
    make_track(owner=bob, published=False)
    make_track(owner=carol)
    response = api.get("/musewave/artists/")
    assert response.status_code == 200
    body = response.json()
    assert_list_of(body, USER)
    assert [u["id"] for u in body] == [str(carol.pk), str(alice.pk)]


def test_without_a_token_an_unchanged_email_sent_with_other_fields_is_no_change(api, alice):
    # The legacy web client sends the whole profile, email included, with every edit.
    response = api.patch(
        f"/musewave/users/{alice.pk}/update/", {"email": "alice@example.com", "bio": "Hello"}
    )
    assert response.status_code == 200
    assert response.json()["bio"] == "Hello"
    alice.refresh_from_db()
    assert (alice.email, alice.bio) == ("alice@example.com", "Hello")


def test_without_a_token_a_changed_email_among_other_fields_changes_nothing(api, alice):
    response = api.patch(
        f"/musewave/users/{alice.pk}/update/", {"email": "ALICE@example.com", "bio": "Hello"}
    )
    assert response.status_code == 401
    assert response.json() == {"error": "Changing the password or email needs the user's token."}
    alice.refresh_from_db()
    assert (alice.email, alice.bio) == ("alice@example.com", "")

"""Users in the Express dialect: shapes key for key, casing, order, statuses and issues."""

from datetime import timedelta

from django.utils import timezone

from musewave.models import User
from musewave.services.auth import auth_login
from tests.conftest import PASSWORD
from tests.express.conftest import (
    USER,
    USER_STATS,
    assert_list_of,
    assert_malformed_id,
    assert_shape,
    issue_paths,
)

SIGNUP = {"username": "carol", "email": "carol@example.com", "password": PASSWORD}


def _age(*users):
    """Give `users` distinct creation times, oldest first."""
    start = timezone.now() - timedelta(hours=len(users))
    for n, user in enumerate(users):
        User.objects.filter(pk=user.pk).update(created_at=start + timedelta(minutes=n))


def test_user_list_is_oldest_first_and_paged(api, make_user):
    users = [make_user() for _ in range(4)]
    _age(*users)
    body = api.get("/api/users").json()
    assert_list_of(body, USER)
    assert [u["id"] for u in body] == [str(u.pk) for u in users]
    page = api.get("/api/users?limit=2&offset=1").json()
    assert [u["id"] for u in page] == [str(u.pk) for u in users[1:3]]


def test_user_list_tolerates_bad_paging(api, make_user):
    users = [make_user() for _ in range(3)]
    _age(*users)
    everyone = [str(u.pk) for u in users]
    ids = lambda q: [u["id"] for u in api.get(f"/api/users?{q}").json()]  # noqa: E731
    assert ids("limit=2abc") == everyone[:2]
    assert ids("limit=0") == everyone
    assert ids("limit=abc&offset=xyz") == everyone
    assert ids("limit=-1&offset=-5") == everyone
    assert ids("offset=2") == everyone[2:]


def test_user_shape_leaves_unset_fields_out(api, make_user):
    user = make_user(username="plain", email="plain@example.com")
    body = api.get(f"/api/users/{user.pk}").json()
    # The email is private: absent for anyone but the user (by token) and staff.
    assert set(body) == {"id", "username", "verified", "createdAt", "updatedAt"}
    assert body["verified"] is False
    _, tokens = auth_login(username_or_email="plain", password=PASSWORD)
    own = api.get(f"/api/users/{user.pk}", HTTP_AUTHORIZATION=f"Bearer {tokens.access}").json()
    assert own["email"] == "plain@example.com"


def test_user_with_every_field(api):
    response = api.post(
        "/api/users",
        {
            **SIGNUP,
            "displayName": "Carol",
            "bio": "Sings",
            "avatarUrl": "https://img.example.com/a.png",
            "headerUrl": "https://img.example.com/h.png",
            "website": "https://carol.example.com",
            "location": "Lisbon",
            "socialLinks": {"twitter": "@carol", "soundcloud": "carol"},
            "verified": True,
            "stray": 1,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert_shape(body, USER)
    assert body["socialLinks"] == {"twitter": "@carol", "soundcloud": "carol"}
    assert (body["displayName"], body["website"], body["verified"]) == (
        "Carol",
        "https://carol.example.com",
        False,
    )
    assert "password" not in body
    user = User.objects.get(username="carol")
    assert user.check_password(PASSWORD) and user.password != PASSWORD
    assert (user.twitter, user.instagram, user.soundcloud) == ("@carol", None, "carol")


def test_user_by_id_and_username(api, alice):
    assert api.get(f"/api/users/{alice.pk}").json()["username"] == "alice"
    assert api.get("/api/users/username/alice").json()["id"] == str(alice.pk)
    unknown = "00000000-0000-4000-8000-000000000000"
    for path in ("/api/users/username/nobody", f"/api/users/{unknown}"):
        response = api.get(path)
        assert (response.status_code, response.json()) == (404, {"error": "User not found"})
    assert_malformed_id(api.get("/api/users/x"), "userId")


def test_signup_issues_are_the_originals(api):
    response = api.post("/api/users", {"username": "ab", "email": "nope", "bio": "x" * 501})
    assert issue_paths(response) == [["username"], ["email"], ["password"], ["bio"]]
    username, email, password, bio = response.json()["error"]
    assert username == {
        "code": "too_small",
        "minimum": 3,
        "type": "string",
        "inclusive": True,
        "exact": False,
        "message": "String must contain at least 3 character(s)",
        "path": ["username"],
    }
    assert email == {
        "validation": "email",
        "code": "invalid_string",
        "message": "Invalid email",
        "path": ["email"],
    }
    assert password == {
        "code": "invalid_type",
        "expected": "string",
        "received": "undefined",
        "path": ["password"],
        "message": "Required",
    }
    assert (bio["code"], bio["maximum"]) == ("too_big", 500)
    assert not User.objects.exists()


def test_null_and_wrong_types_are_issues(api):
    response = api.post(
        "/api/users", {**SIGNUP, "bio": None, "username": 12, "socialLinks": "x", "website": "ftp"}
    )
    issues = {tuple(issue["path"]): issue for issue in response.json()["error"]}
    assert response.status_code == 400
    assert issues[("username",)]["received"] == "number"
    assert issues[("username",)]["message"] == "Expected string, received number"
    assert issues[("bio",)]["received"] == "null"
    assert issues[("socialLinks",)]["expected"] == "object"
    assert issues[("website",)]["validation"] == "url"
    assert not User.objects.exists()


def test_weak_password_is_a_custom_issue(api):
    response = api.post("/api/users", {**SIGNUP, "password": "abc"})
    [issue, *_] = response.json()["error"]
    assert (response.status_code, issue["code"], issue["path"]) == (400, "custom", ["password"])
    assert not User.objects.exists()


def test_taken_username_then_email(api, alice):
    taken = api.post("/api/users", {**SIGNUP, "username": "ALICE", "email": "alice@example.com"})
    assert (taken.status_code, taken.json()) == (400, {"error": "Username already taken"})
    email = api.post("/api/users", {**SIGNUP, "email": "alice@example.com"})
    assert (email.status_code, email.json()) == (400, {"error": "Email already registered"})
    assert User.objects.count() == 1


def test_patch_user(api, alice, bob):
    alice.twitter, alice.instagram = "@a", "a.insta"
    alice.save()
    response = api.patch(
        f"/api/users/{alice.pk}",
        {"bio": "New bio", "socialLinks": {"spotify": "alice"}, "verified": True, "createdAt": 1},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert_shape(body, USER)
    assert body["bio"] == "New bio"
    assert body["socialLinks"] == {"spotify": "alice"}  # replaces the whole object
    alice.refresh_from_db()
    assert (alice.twitter, alice.instagram, alice.spotify, alice.verified) == (
        None,
        None,
        "alice",
        False,
    )
    taken = api.patch(f"/api/users/{alice.pk}", {"username": "bob"})
    assert (taken.status_code, taken.json()) == (400, {"error": "Username already taken"})
    null = api.patch(f"/api/users/{alice.pk}", {"location": None})
    assert issue_paths(null) == [["location"]]
    missing = api.patch("/api/users/00000000-0000-4000-8000-000000000000", {"bio": "x"})
    assert (missing.status_code, missing.json()) == (404, {"error": "User not found"})


def test_user_stats(api, alice, bob, track):
    from musewave import services

    services.play_record(actor=bob, track=track, duration=10)
    services.follow_create(actor=bob, following=alice)
    body = api.get(f"/api/users/{alice.pk}/stats").json()
    assert_shape(body, USER_STATS)
    assert {k: v for k, v in body.items() if k != "updatedAt"} == {
        "userId": str(alice.pk),
        "totalTracks": 1,
        "totalPlays": 1,
        "totalLikes": 0,
        "totalDownloads": 0,
        "totalFollowers": 1,
        "totalFollowing": 0,
        "monthlyListeners": 1,
    }


def test_unknown_user_stats_are_zeros(api, db):
    unknown = "00000000-0000-4000-8000-000000000000"
    response = api.get(f"/api/users/{unknown}/stats")
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, USER_STATS)
    assert body["userId"] == unknown
    assert {v for k, v in body.items() if k not in ("userId", "updatedAt")} == {0}

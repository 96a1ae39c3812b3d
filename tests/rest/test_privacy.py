"""Private data in the legacy REST API: a user's email only to that user (by token) and staff;
where a play or download came from only to staff; who listened only to the listener, the
track's owner and staff. The shapes keep their keys, with null for what is hidden."""

import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import User

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


@pytest.fixture
def staff(make_user) -> User:
    user = make_user(username="staffer", email="staff@example.com")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def carol(make_user) -> User:
    return make_user(username="carol", email="carol@example.com")


def _emails(users: list[dict]) -> dict:
    return {u["username"]: u["email"] for u in users}


def test_user_lists_show_each_email_only_to_its_user_and_staff(api, alice, bob, staff, track):
    everyone = {"alice": None, "bob": None, "staffer": None}
    assert _emails(api.get("/musewave/users/").json()) == everyone
    assert _emails(api.get("/musewave/users/", **bearer(bob)).json()) == {
        **everyone,
        "bob": "bob@example.com",
    }
    assert _emails(api.get("/musewave/users/", **bearer(staff)).json()) == {
        "alice": "alice@example.com",
        "bob": "bob@example.com",
        "staffer": "staff@example.com",
    }
    assert _emails(api.get("/musewave/artists/").json()) == {"alice": None}
    assert _emails(api.get("/musewave/artists/", **bearer(alice)).json()) == {
        "alice": "alice@example.com"
    }


@pytest.mark.parametrize("path", ["users/{id}/", "users/username/alice/"])
def test_a_profile_shows_its_email_only_to_its_user_and_staff(api, alice, bob, staff, path):
    url = "/musewave/" + path.format(id=alice.pk)
    anonymous = api.get(url)
    assert anonymous.status_code == 200
    assert "email" in anonymous.json()
    assert anonymous.json()["email"] is None
    assert api.get(url, **bearer(bob)).json()["email"] is None
    assert api.get(url, **bearer(alice)).json()["email"] == "alice@example.com"
    assert api.get(url, **bearer(staff)).json()["email"] == "alice@example.com"


def test_search_results_hide_emails(api, alice, bob):
    body = api.get("/musewave/search/?q=alice&type=users").json()
    assert _emails(body["users"]) == {"alice": None}
    mine = api.get("/musewave/search/?q=alice&type=users", **bearer(alice)).json()
    assert _emails(mine["users"]) == {"alice": "alice@example.com"}


def test_sign_up_and_edits_without_a_token_do_not_echo_the_email(api, alice):
    created = api.post(
        "/musewave/users/create/",
        {"username": "dave", "email": "dave@example.com", "password": "Str0ng-Passw0rd!"},
    )
    assert created.status_code == 201
    assert created.json()["email"] is None
    edited = api.patch(f"/musewave/users/{alice.pk}/update/", {"bio": "hi"})
    assert edited.json()["email"] is None
    own = api.patch(f"/musewave/users/{alice.pk}/update/", {"bio": "hi"}, **bearer(alice))
    assert own.json()["email"] == "alice@example.com"


def test_login_and_me_show_the_users_own_email(api, alice):
    login = api.post(
        "/musewave/auth/login/", {"username_or_email": "alice", "password": "Str0ng-Passw0rd!"}
    )
    assert login.json()["user"]["email"] == "alice@example.com"
    assert api.get("/musewave/auth/me/", **bearer(alice)).json()["email"] == "alice@example.com"


@pytest.fixture
def listened(track, bob, carol):
    services.play_record(
        actor=bob, track=track, duration=5, ip_address="198.51.100.1", user_agent="BobPlayer"
    )
    services.download_record(
        actor=bob, track=track, ip_address="198.51.100.1", user_agent="BobPlayer"
    )
    return track


def _activity(api, url, **extra) -> list[tuple]:
    response = api.get(url, **extra)
    assert response.status_code == 200
    return [(row["user_id"], row["ip_address"], row["user_agent"]) for row in response.json()]


@pytest.mark.parametrize("what", ["plays", "downloads"])
def test_a_tracks_plays_and_downloads_name_the_listener_only_to_those_allowed(
    api, listened, alice, bob, carol, staff, what
):
    url = f"/musewave/tracks/{listened.pk}/{what}/"
    bob_id = str(bob.pk)
    assert _activity(api, url) == [(None, None, None)]
    assert _activity(api, url, **bearer(carol)) == [(None, None, None)]
    assert _activity(api, url, **bearer(bob)) == [(bob_id, None, None)]
    assert _activity(api, url, **bearer(alice)) == [(bob_id, None, None)]  # the track's owner
    assert _activity(api, url, **bearer(staff)) == [(bob_id, "198.51.100.1", "BobPlayer")]


def test_a_users_plays_name_them_only_to_those_allowed(api, listened, alice, bob, carol, staff):
    url = f"/musewave/users/{bob.pk}/plays/"
    bob_id = str(bob.pk)
    assert _activity(api, url) == [(None, None, None)]
    assert _activity(api, url, **bearer(carol)) == [(None, None, None)]
    assert _activity(api, url, **bearer(bob)) == [(bob_id, None, None)]
    assert _activity(api, url, **bearer(alice)) == [(bob_id, None, None)]
    assert _activity(api, url, **bearer(staff)) == [(bob_id, "198.51.100.1", "BobPlayer")]


def test_the_privacy_rule_costs_no_query_per_row(
    api, track, make_user, carol, django_assert_max_num_queries
):
    for _ in range(30):
        services.play_record(actor=make_user(), track=track, duration=1)
    url = f"/musewave/tracks/{track.pk}/plays/"
    headers = bearer(carol)
    with django_assert_max_num_queries(4):
        body = api.get(url, **headers).json()
    assert len(body) == 30
    assert {row["user_id"] for row in body} == {None}

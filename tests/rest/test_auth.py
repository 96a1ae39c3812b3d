"""Token login, refresh, logout, the current user, and who acts when a token is sent."""

import pytest

from musewave.models import Like, Play, Track
from tests.conftest import PASSWORD
from tests.rest.conftest import USER, assert_shape


def login(api, name="alice", password=PASSWORD):
    return api.post("/musewave/auth/login/", {"username_or_email": name, "password": password})


def bearer(access: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


@pytest.mark.parametrize("path", ["/musewave/auth/login/", "/musewave/auth/login"])
def test_login_returns_tokens_and_the_user(api, alice, path):
    response = api.post(path, {"username_or_email": "Alice@example.com", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "user"}
    assert set(body["token"]) == {"access", "refresh"}
    assert all(isinstance(v, str) and v.count(".") == 2 for v in body["token"].values())
    assert_shape(body["user"], USER)
    assert body["user"]["id"] == str(alice.pk)


@pytest.mark.parametrize(("name", "password"), [("alice", "wrong-password"), ("ghost", PASSWORD)])
def test_wrong_credentials_are_401_and_indistinguishable(api, alice, name, password):
    response = login(api, name, password)
    assert response.status_code == 401
    assert response.json() == {"error": "Invalid username/email or password."}


def test_login_validation(api, db):
    response = api.post("/musewave/auth/login/", {"username_or_email": "alice"})
    assert response.status_code == 400
    assert response.json() == {"error": {"password": ["This field is required."]}}


def test_me_refresh_and_logout(api, alice):
    tokens = login(api).json()["token"]
    me = api.get("/musewave/auth/me/", **bearer(tokens["access"]))
    assert me.status_code == 200
    assert me.json()["username"] == "alice"

    refreshed = api.post("/musewave/auth/refresh/", {"refresh": tokens["refresh"]})
    assert refreshed.status_code == 200
    assert set(refreshed.json()) == {"access", "refresh"}
    again = api.post("/musewave/auth/refresh/", {"refresh": tokens["refresh"]})
    assert again.status_code == 401  # a refresh token works once
    assert again.json() == {"error": "Token is invalid, expired or revoked."}

    new_refresh = refreshed.json()["refresh"]
    out = api.post("/musewave/auth/logout/", {"refresh": new_refresh})
    assert (out.status_code, out.json()) == (200, {"success": True})
    assert api.post("/musewave/auth/refresh/", {"refresh": new_refresh}).status_code == 401


def test_me_without_a_token_is_401(api, db):
    response = api.get("/musewave/auth/me/")
    assert response.status_code == 401
    assert response.json() == {"error": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer", "Basic YTpi", "Token x"])
def test_a_bad_token_is_401_everywhere_never_anonymous(api, track, header):
    for method, path in [
        ("get", "/musewave/tracks/"),
        ("post", f"/musewave/tracks/{track.pk}/play/"),
    ]:
        response = api.request(
            method, path, {} if method == "post" else None, HTTP_AUTHORIZATION=header
        )
        assert response.status_code == 401
        assert list(response.json()) == ["error"]
        assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'
    assert not Play.objects.exists()


def test_token_user_acts_and_naming_another_is_403(api, track, alice, bob):
    access = login(api, "bob").json()["token"]["access"]
    liked = api.post(f"/musewave/tracks/{track.pk}/like/", {}, **bearer(access))
    assert liked.status_code == 201
    assert liked.json()["user_id"] == str(bob.pk)
    refused = api.delete(
        f"/musewave/tracks/{track.pk}/like/delete/", {"userId": str(alice.pk)}, **bearer(access)
    )
    assert refused.status_code == 403
    assert refused.json() == {"error": "userId must be the authenticated user."}
    assert Like.objects.filter(user=bob, track=track).exists()
    assert Track.objects.get(pk=track.pk).likes == 1


def test_login_is_throttled_per_account(api, alice, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {
        **settings.MUSEWAVE_THROTTLE_RATES,
        "login_account": "3/min",
    }
    for _ in range(3):
        assert login(api, "alice", "wrong-password").status_code == 401
    response = login(api, "alice", PASSWORD)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 65
    assert response.json()["error"].startswith("Too many requests")


def test_writes_are_throttled_per_address(api, track, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {**settings.MUSEWAVE_THROTTLE_RATES, "write_ip": "2/min"}
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    assert api.post(f"/musewave/tracks/{track.pk}/download/").status_code == 201
    assert api.post(f"/musewave/tracks/{track.pk}/download/").status_code == 201
    refused = api.post(f"/musewave/tracks/{track.pk}/download/")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert Track.objects.get(pk=track.pk).downloads == 2


def test_replaying_a_track_within_30_seconds_answers_the_counted_play(api, track, bob):
    body = {"userId": str(bob.pk), "duration": 12}
    first = api.post(f"/musewave/tracks/{track.pk}/play/", body)
    assert first.status_code == 201
    replay = api.post(f"/musewave/tracks/{track.pk}/play/", {**body, "duration": 99})
    assert replay.status_code == 200
    assert replay.json() == first.json()
    assert Track.objects.get(pk=track.pk).plays == 1
    assert Play.objects.count() == 1


def test_a_flood_of_replays_is_still_throttled(api, track, bob, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {**settings.MUSEWAVE_THROTTLE_RATES, "write_ip": "3/min"}
    body = {"userId": str(bob.pk)}
    codes = [api.post(f"/musewave/tracks/{track.pk}/play/", body).status_code for _ in range(4)]
    assert codes == [201, 200, 200, 429]
    assert Track.objects.get(pk=track.pk).plays == 1

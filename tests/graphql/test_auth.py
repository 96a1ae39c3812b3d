"""Tokens in GraphQL: login, refreshToken, logout, `me`, and who acts when a token is sent."""

import json

import pytest

from musewave.models import Like, Track
from tests.conftest import PASSWORD
from tests.graphql.conftest import OPERATION_INFO, messages

LOGIN = f"""mutation($name: String!, $password: String!) {{
  login(usernameOrEmail: $name, password: $password) {{
    ... on Session {{ token {{ access refresh }} user {{ username email }} }}
    {OPERATION_INFO}
  }}
}}"""
REFRESH = f"""mutation($refresh: String!) {{
  refreshToken(refresh: $refresh) {{ ... on TokenPair {{ access refresh }} {OPERATION_INFO} }}
}}"""
LOGOUT = f"""mutation($refresh: String!) {{
  logout(refresh: $refresh) {{ ... on SignedOut {{ success }} {OPERATION_INFO} }}
}}"""
ME = "{ me { username email } }"


def login(gql, name="alice", password=PASSWORD) -> dict:
    return gql.data(LOGIN, {"name": name, "password": password})["login"]


def use_token(gql, access: str) -> None:
    gql.headers = {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def test_login_then_me(gql, alice):
    session = login(gql, "ALICE@example.com")
    assert session["user"] == {"username": "alice", "email": "alice@example.com"}
    use_token(gql, session["token"]["access"])
    assert gql.data(ME) == {"me": {"username": "alice", "email": "alice@example.com"}}


def test_anonymous_me_is_null(gql, db):
    assert gql.data(ME) == {"me": None}


@pytest.mark.parametrize(("name", "password"), [("alice", "wrong-pass"), ("ghost", PASSWORD)])
def test_wrong_credentials_are_one_permission_message(gql, alice, name, password):
    assert messages(login(gql, name, password)) == [
        {
            "kind": "PERMISSION",
            "message": "Invalid username/email or password.",
            "field": None,
            "code": "unauthenticated",
        }
    ]


def test_refresh_rotates_and_logout_revokes(gql, alice):
    tokens = login(gql)["token"]
    pair = gql.data(REFRESH, {"refresh": tokens["refresh"]})["refreshToken"]
    assert set(pair) == {"access", "refresh"}
    spent = gql.data(REFRESH, {"refresh": tokens["refresh"]})["refreshToken"]
    assert messages(spent)[0]["message"] == "Token is invalid, expired or revoked."
    assert gql.data(LOGOUT, {"refresh": pair["refresh"]})["logout"] == {"success": True}
    revoked = gql.data(REFRESH, {"refresh": pair["refresh"]})["refreshToken"]
    assert messages(revoked)[0]["code"] == "unauthenticated"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer", "Basic YTpi"])
def test_a_bad_token_is_a_401_before_anything_runs(gql, track, header, django_assert_num_queries):
    mutation = f'mutation {{ recordPlay(trackId: "{track.pk}") {{ __typename }} }}'
    with django_assert_num_queries(0):
        response = gql.post(mutation, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="musewave"'
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "unauthenticated"}
    assert Track.objects.get(pk=track.pk).plays == 0


def test_the_token_user_acts(gql, track, alice, bob):
    use_token(gql, login(gql, "bob")["token"]["access"])
    like = f"""mutation($track: ID!) {{
      likeTrack(trackId: $track) {{
        ... on Like {{ user {{ username }} }}
        {OPERATION_INFO}
      }}
    }}"""
    done = gql.data(like, {"track": str(track.pk)})["likeTrack"]
    assert done == {"user": {"username": "bob"}}
    assert list(Like.objects.values_list("user__username", flat=True)) == ["bob"]


def test_login_is_throttled(gql, alice, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {
        **settings.MUSEWAVE_THROTTLE_RATES,
        "login_account": "2/min",
    }
    login(gql, "alice", "wrong-pass")
    login(gql, "alice", "wrong-pass")
    throttled = messages(login(gql))
    assert throttled[0]["code"] == "throttled"
    assert throttled[0]["message"].startswith("Too many requests")


def test_a_session_cookie_does_not_make_a_viewer(gql, alice):
    """Identity comes only from tokens, so a forged cross-site request carries none."""
    gql.http.force_login(alice)
    response = gql.http.post(
        "/graphql", data=json.dumps({"query": ME}), content_type="application/json"
    )
    assert response.json() == {"data": {"me": None}}


def test_the_owner_logs_in_while_an_attacker_elsewhere_is_throttled(gql, alice):
    def attempt(password, ip):
        gql.headers = {"REMOTE_ADDR": ip}
        return login(gql, "alice", password)

    for _ in range(10):
        assert messages(attempt("wrong-pass", "198.51.100.66"))[0]["code"] != "throttled"
    refused = messages(attempt(PASSWORD, "198.51.100.66"))
    assert refused[0]["code"] == "throttled"
    # From another address the owner gets in (a per-account limit locked them out for a minute).
    assert attempt(PASSWORD, "203.0.113.10")["user"]["username"] == "alice"

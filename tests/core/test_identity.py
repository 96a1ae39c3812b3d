"""One identity per request: `request.user` comes from the bearer token (looked up lazily), the
same for Django, DRF and strawberry-django; sessions count only in the admin."""

import json

import pytest
from django.test import Client, RequestFactory
from rest_framework_simplejwt.tokens import RefreshToken

from config.middleware import BearerTokenUserMiddleware
from musewave.errors import AuthenticationRequired
from musewave.models import Like, Track, User
from tests.conftest import PASSWORD
from tests.graphql.conftest import OPERATION_INFO

pytestmark = pytest.mark.urls("tests.core.identity_urls")


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


WHOAMI = json.dumps({"query": "{ whoami }"})


def test_every_layer_sees_the_token_user(client, alice):
    assert client.get("/probe/django/", **bearer(alice)).json() == {"user": "alice"}
    assert client.get("/probe/drf/", **bearer(alice)).json() == {"user": "alice", "django": "alice"}
    response = client.post(
        "/probe/graphql/", data=WHOAMI, content_type="application/json", **bearer(alice)
    )
    assert response.json() == {"data": {"whoami": "alice"}}


def test_without_a_token_every_layer_sees_anonymous(client, db):
    assert client.get("/probe/django/").json() == {"user": None}
    assert client.get("/probe/drf/").json() == {"user": None, "django": None}
    body = client.post("/probe/graphql/", data=WHOAMI, content_type="application/json").json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == "User is not authenticated."


def test_a_session_cookie_is_no_identity_outside_the_admin(client, alice):
    client.force_login(alice)
    assert client.get("/probe/django/").json() == {"user": None}
    assert client.get("/probe/drf/").json() == {"user": None, "django": None}
    body = client.post("/probe/graphql/", data=WHOAMI, content_type="application/json").json()
    assert body["errors"][0]["message"] == "User is not authenticated."
    me = client.get("/musewave/auth/me/")
    assert me.status_code == 401
    graphql = client.post(
        "/graphql",
        data=json.dumps({"query": "{ me { username } }"}),
        content_type="application/json",
    )
    assert graphql.json() == {"data": {"me": None}}


def test_a_session_cookie_writes_nothing_over_rest(client, alice, track, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    client.force_login(alice)
    response = client.post(
        f"/musewave/tracks/{track.pk}/like/", data={}, content_type="application/json"
    )
    assert response.status_code == 401
    assert not Like.objects.exists()


def test_the_admin_keeps_its_session_login(client, make_user):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    assert client.get("/admin/").status_code == 302  # to the login page
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic YWxpY2U6cHc=", "Bearer "])
def test_a_bad_token_is_never_anonymous(rf: RequestFactory, db, header):
    seen = []
    middleware = BearerTokenUserMiddleware(lambda request: seen.append(request) or None)
    middleware(rf.get("/probe/django/", HTTP_AUTHORIZATION=header))
    with pytest.raises(AuthenticationRequired):
        seen[0].user.is_authenticated
    with pytest.raises(AuthenticationRequired):  # and on every later read
        seen[0].user.is_authenticated


@pytest.mark.parametrize("path", ["/probe/drf/", "/musewave/auth/me/"])
def test_a_bad_token_is_a_401_in_rest(client, db, path):
    response = client.get(path, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_the_token_is_looked_up_only_when_the_user_is_read(
    rf: RequestFactory, alice, django_assert_num_queries
):
    seen = []
    middleware = BearerTokenUserMiddleware(lambda request: seen.append(request) or None)
    request = rf.get("/probe/django/", **bearer(alice))
    with django_assert_num_queries(0):
        middleware(request)
    with django_assert_num_queries(1):
        assert seen[0].user.username == "alice"
        assert seen[0].user.pk == alice.pk


LOGIN_THEN_LIKE = f"""mutation($track: ID!) {{
  login(usernameOrEmail: "alice", password: "{PASSWORD}") {{
    ... on Session {{ user {{ username email }} }} {OPERATION_INFO}
  }}
  likeTrack(trackId: $track) {{ ... on Like {{ user {{ username }} }} {OPERATION_INFO} }}
}}"""


def test_login_does_not_change_who_acts_in_the_same_document(alice, track):
    client = Client()
    body = client.post(
        "/graphql",
        data=json.dumps({"query": LOGIN_THEN_LIKE, "variables": {"track": str(track.pk)}}),
        content_type="application/json",
    ).json()
    # The login's own payload shows the user whose password it proved …
    assert body["data"]["login"] == {"user": {"username": "alice", "email": "alice@example.com"}}
    # … but the rest of the document stays anonymous.
    assert body["data"]["likeTrack"]["messages"][0]["code"] == "unauthenticated"
    assert not Like.objects.exists()


def test_login_does_not_change_the_token_users_identity(alice, bob, track):
    client = Client()
    body = client.post(
        "/graphql",
        data=json.dumps({"query": LOGIN_THEN_LIKE, "variables": {"track": str(track.pk)}}),
        content_type="application/json",
        **bearer(bob),
    ).json()
    assert body["data"]["likeTrack"] == {"user": {"username": "bob"}}
    assert list(Like.objects.values_list("user__username", flat=True)) == ["bob"]
    assert Track.objects.get(pk=track.pk).likes == 1

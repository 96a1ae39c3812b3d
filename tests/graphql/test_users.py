"""Users: reading profiles, the private email, signing up and editing."""

import pytest
from django.test import override_settings

from musewave import services
from musewave.models import Follow, User
from tests.conftest import PASSWORD

from .conftest import OPERATION_INFO, assert_invalid_id, messages

USER_BY_NAME = "query($name: String!) { user(username: $name) { id username displayName email } }"


def test_me_is_null_when_anonymous(gql):
    assert gql.data("{ me { username } }") == {"me": None}


def test_me_is_the_signed_in_user_with_email(gql, alice):
    gql.login(alice)
    assert gql.data("{ me { id username email } }") == {
        "me": {"id": str(alice.pk), "username": "alice", "email": "alice@example.com"}
    }


def test_user_by_id_and_by_username_ignoring_case(gql, alice):
    by_id = gql.data(
        "query($id: ID!) { user(id: $id) { username displayName } }", {"id": str(alice.pk)}
    )
    by_name = gql.data('{ user(username: "ALICE") { username displayName } }')
    assert by_id == by_name == {"user": {"username": "alice", "displayName": "Alice"}}


@pytest.mark.parametrize("variables", [{"id": "0" * 32}, {"username": "x"}])
def test_unknown_user_is_null(gql, alice, variables):
    query = "query($id: ID, $username: String) { user(id: $id, username: $username) { username } }"
    assert gql.data(query, variables) == {"user": None}


def test_a_malformed_user_id_is_invalid(gql, alice):
    body = gql.execute("query($id: ID) { user(id: $id) { username } }", {"id": "not-a-uuid"})
    assert_invalid_id(body, field="id", value="not-a-uuid", data={"user": None})


@pytest.mark.parametrize("variables", [{}, {"id": "1", "username": "alice"}])
def test_user_needs_exactly_one_of_id_and_username(gql, variables):
    query = "query($id: ID, $username: String) { user(id: $id, username: $username) { username } }"
    body = gql.execute(query, variables)
    assert body["data"] == {"user": None}
    assert body["errors"][0]["message"] == "Give exactly one of `id` and `username`."
    assert body["errors"][0]["extensions"] == {"code": "invalid"}


def test_email_is_private_to_its_owner(gql, alice, bob):
    assert gql.data(USER_BY_NAME, {"name": "alice"})["user"]["email"] is None
    gql.login(bob)
    assert gql.data(USER_BY_NAME, {"name": "alice"})["user"]["email"] is None
    assert gql.data("{ users { username email } }")["users"] == [
        {"username": "bob", "email": "bob@example.com"},
        {"username": "alice", "email": None},
    ]
    gql.login(alice)
    assert gql.data(USER_BY_NAME, {"name": "alice"})["user"]["email"] == "alice@example.com"


def test_users_lists_active_users_newest_first(gql, alice, bob, make_user):
    make_user(username="gone").__class__.objects.filter(username="gone").update(is_active=False)
    assert gql.data("{ users { username } }") == {
        "users": [{"username": "bob"}, {"username": "alice"}]
    }


def test_artists_are_users_with_a_published_track(gql, alice, bob, make_track):
    make_track(owner=alice)
    make_track(owner=bob, published=False)
    assert gql.data("{ artists { username } }") == {"artists": [{"username": "alice"}]}


def test_users_connection_pages_with_cursors(gql, make_user):
    names = [make_user().username for _ in range(3)][::-1]
    first = gql.data(
        "{ usersConnection(first: 2) { totalCount pageInfo { hasNextPage endCursor }"
        " edges { node { username } } } }"
    )["usersConnection"]
    assert first["totalCount"] == 3
    assert [e["node"]["username"] for e in first["edges"]] == names[:2]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = gql.data(
        "query($after: String) { usersConnection(first: 2, after: $after) {"
        " pageInfo { hasNextPage } edges { node { username } } } }",
        {"after": first["pageInfo"]["endCursor"]},
    )["usersConnection"]
    assert [e["node"]["username"] for e in rest["edges"]] == names[2:]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_counts_on_a_user(gql, alice, bob, make_user, make_track):
    from musewave import services

    carol = make_user(username="carol")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    services.follow_create(actor=alice, following=bob)
    make_track(owner=alice)
    make_track(owner=alice, published=False)
    services.album_create(
        actor=alice, title="A", artist="Alice", genre="pop", release_date="2024-01-01T00:00Z"
    )
    query = (
        '{ user(username: "alice") { followerCount followingCount trackCount albumCount '
        "followers { follower { username } } following { following { username } } } }"
    )
    expected = {
        "followerCount": 2,
        "followingCount": 1,
        "trackCount": 1,
        "albumCount": 1,
        "followers": [{"follower": {"username": "carol"}}, {"follower": {"username": "bob"}}],
        "following": [{"following": {"username": "bob"}}],
    }
    assert gql.data(query)["user"] == expected
    gql.login(alice)
    assert gql.data(query)["user"]["trackCount"] == 2


CREATE_USER = (
    "mutation($input: CreateUserInput!) { createUser(input: $input) {"
    " ... on User { username displayName email } " + OPERATION_INFO + " } }"
)


def test_create_user(gql):
    data = gql.data(
        CREATE_USER,
        {
            "input": {
                "username": "carol",
                "email": "Carol@Example.com",
                "password": PASSWORD,
                "displayName": "Carol",
            }
        },
    )
    assert data["createUser"] == {"username": "carol", "displayName": "Carol", "email": None}
    carol = User.objects.get(username="carol")
    assert carol.check_password(PASSWORD)
    assert carol.email == "Carol@example.com"


def test_create_user_reports_every_invalid_field_and_creates_nothing(gql, alice):
    data = gql.data(
        CREATE_USER, {"input": {"username": "ALICE", "email": "bad", "password": "123"}}
    )
    assert sorted((m["field"], m["kind"], m["code"]) for m in messages(data["createUser"])) == [
        ("email", "VALIDATION", "invalid"),
        ("password", "VALIDATION", "invalid"),
        ("password", "VALIDATION", "invalid"),
        ("password", "VALIDATION", "invalid"),
    ]
    assert User.objects.count() == 1


def test_create_user_with_a_taken_username(gql, alice):
    data = gql.data(
        CREATE_USER,
        {"input": {"username": "Alice", "email": "new@example.com", "password": PASSWORD}},
    )
    assert messages(data["createUser"]) == [
        {
            "kind": "VALIDATION",
            "message": "user with this username already exists.",
            "field": "username",
            "code": "invalid",
        }
    ]
    assert User.objects.count() == 1


UPDATE_USER = (
    "mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) {"
    " ... on User { username displayName bio email } " + OPERATION_INFO + " } }"
)


def test_update_own_profile(gql, alice):
    gql.login(alice)
    data = gql.data(
        UPDATE_USER, {"id": str(alice.pk), "input": {"displayName": "Alicia", "bio": None}}
    )
    assert data["updateUser"] == {
        "username": "alice",
        "displayName": "Alicia",
        "bio": "",
        "email": "alice@example.com",
    }
    alice.refresh_from_db()
    assert alice.display_name == "Alicia"


def test_update_sending_the_unchanged_email(gql, alice):
    gql.login(alice)
    data = gql.data(
        UPDATE_USER,
        {"id": str(alice.pk), "input": {"email": "alice@example.com", "bio": "Hello"}},
    )
    assert data["updateUser"]["bio"] == "Hello"
    alice.refresh_from_db()
    assert (alice.email, alice.bio) == ("alice@example.com", "Hello")


@pytest.mark.parametrize("require_auth", [False, True])
@pytest.mark.parametrize("email", ["alice@example.com", "new@example.com"])
def test_update_without_a_viewer_changes_nothing_in_either_mode(
    gql, alice, settings, require_auth, email
):
    # GraphQL acts only as the token's user; the legacy mode is REST's alone.
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth
    data = gql.data(UPDATE_USER, {"id": str(alice.pk), "input": {"email": email, "bio": "Hello"}})
    assert messages(data["updateUser"]) == [
        {
            "kind": "PERMISSION",
            "message": "Authentication credentials were not provided.",
            "field": None,
            "code": "unauthenticated",
        }
    ]
    alice.refresh_from_db()
    assert (alice.email, alice.bio) == ("alice@example.com", "")


def test_update_password(gql, alice):
    gql.login(alice)
    gql.data(UPDATE_USER, {"id": str(alice.pk), "input": {"password": "An0ther-Secret!"}})
    alice.refresh_from_db()
    assert alice.check_password("An0ther-Secret!")


def test_update_someone_else_is_refused(gql, alice, bob):
    gql.login(bob)
    data = gql.data(UPDATE_USER, {"id": str(alice.pk), "input": {"displayName": "Hacked"}})
    assert messages(data["updateUser"]) == [
        {
            "kind": "PERMISSION",
            "message": "You do not have permission to modify this resource.",
            "field": None,
            "code": "permission_denied",
        }
    ]
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_update_malformed_user_id(gql, alice):
    gql.login(alice)
    data = gql.data(UPDATE_USER, {"id": "nope", "input": {"bio": "x"}})
    assert [(m["kind"], m["code"]) for m in messages(data["updateUser"])] == [
        ("VALIDATION", "invalid")
    ]


def test_update_unknown_user(gql, alice):
    gql.login(alice)
    data = gql.data(UPDATE_USER, {"id": "0" * 32, "input": {"bio": "x"}})
    assert messages(data["updateUser"]) == [
        {"kind": "ERROR", "message": "User not found", "field": "id", "code": "not_found"}
    ]


def test_update_with_invalid_values_changes_nothing(gql, alice, bob):
    gql.login(alice)
    data = gql.data(
        UPDATE_USER, {"id": str(alice.pk), "input": {"username": "BOB", "bio": "new bio"}}
    )
    assert [(m["field"], m["message"]) for m in messages(data["updateUser"])] == [
        ("username", "user with this username already exists.")
    ]
    alice.refresh_from_db()
    assert (alice.username, alice.bio) == ("alice", "")


@override_settings(MUSEWAVE_REQUIRE_AUTH=True)
def test_update_needs_a_viewer_when_the_deployment_requires_it(gql, alice):
    data = gql.data(UPDATE_USER, {"id": str(alice.pk), "input": {"bio": "x"}})
    assert [(m["kind"], m["code"]) for m in messages(data["updateUser"])] == [
        ("PERMISSION", "unauthenticated")
    ]


def test_a_deactivated_user_is_not_found_anywhere(gql, alice, bob, make_user):
    gone = make_user(username="gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    gql.login(alice)
    query = """query($id: ID!) { byId: user(id: $id) { username }
        byName: user(username: "GONE") { username } userStats(userId: $id) { totalTracks } }"""
    assert gql.data(query, {"id": str(gone.pk)}) == {
        "byId": None,
        "byName": None,
        "userStats": None,
    }
    top = gql.execute("query($id: ID!) { topTracks(userId: $id) { plays } }", {"id": str(gone.pk)})
    assert top["errors"][0]["extensions"] == {"code": "not_found"}
    follow = gql.data(
        "mutation($id: ID!) { followUser(userId: $id) { " + OPERATION_INFO + " } }",
        {"id": str(gone.pk)},
    )["followUser"]
    assert messages(follow) == [
        {"kind": "ERROR", "message": "User not found", "field": "userId", "code": "not_found"}
    ]
    assert not Follow.objects.exists()


COUNTS = "trackCount albumCount followerCount followingCount"


def test_profile_counts_agree_in_queries_and_mutation_payloads(gql, alice, bob, make_track):
    make_track(owner=alice, title="Out")
    make_track(owner=alice, title="Draft", published=False)
    services.album_create(
        actor=alice, title="One", artist="Alice", genre="pop", release_date="2024-05-01T00:00Z"
    )
    services.follow_create(actor=bob, following=alice)
    gql.login(bob)
    seen_by_bob = gql.data(f'{{ user(username: "alice") {{ {COUNTS} }} }}')["user"]
    others = {"albumCount": 1, "followerCount": 1, "followingCount": 0}
    assert seen_by_bob == {"trackCount": 1, **others}
    gql.login(alice)
    own = {"trackCount": 2, **others}
    assert gql.data(f'{{ user(username: "alice") {{ {COUNTS} }} }}')["user"] == own
    mutation = (
        'mutation($id: ID!) { updateUser(id: $id, input: {bio: "hi"}) { ... on User { %s } } }'
    )
    payload = gql.data(mutation % COUNTS, {"id": str(alice.pk)})["updateUser"]
    assert payload == own

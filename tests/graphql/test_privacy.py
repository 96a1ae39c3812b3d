"""Private data in the GraphQL API, the same rule as REST's: a user's email only to that user and
staff; who listened or downloaded only to that user, the track's owner and staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services
from musewave.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user) -> User:
    user = make_user(username="staffer", email="staff@example.com")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def carol(make_user) -> User:
    return make_user(username="carol", email="carol@example.com")


EMAILS = """query($id: ID!) {
    users { username email }
    artists { username email }
    user(id: $id) { email }
    search(query: "alice", type: USERS) { users { username email } }
}"""


def test_emails_only_to_their_user_and_staff(gql, alice, bob, staff, track):
    variables = {"id": str(alice.pk)}
    hidden = gql.data(EMAILS, variables)
    assert {u["email"] for u in hidden["users"]} == {None}
    assert hidden["artists"] == [{"username": "alice", "email": None}]
    assert hidden["user"] == {"email": None}
    assert hidden["search"]["users"] == [{"username": "alice", "email": None}]
    gql.login(bob)
    as_bob = gql.data(EMAILS, variables)
    assert {u["username"]: u["email"] for u in as_bob["users"]} == {
        "alice": None,
        "bob": "bob@example.com",
        "staffer": None,
    }
    assert as_bob["user"] == {"email": None}
    gql.login(staff)
    as_staff = gql.data(EMAILS, variables)
    assert {u["email"] for u in as_staff["users"]} == {
        "alice@example.com",
        "bob@example.com",
        "staff@example.com",
    }
    assert as_staff["user"] == {"email": "alice@example.com"}
    assert as_staff["search"]["users"] == [{"username": "alice", "email": "alice@example.com"}]


LISTENERS = """query($t: ID!, $u: ID!) {
    trackPlays(trackId: $t) { user { username } }
    trackPlaysConnection(trackId: $t) { edges { node { user { username } } } }
    userPlays(userId: $u) { user { username } }
    trackDownloads(trackId: $t) { user { username } }
    userDownloads(userId: $u) { user { username } }
}"""


def _listeners(data: dict) -> dict:
    edges = data["trackPlaysConnection"]["edges"]
    return {
        "trackPlays": [p["user"] for p in data["trackPlays"]],
        "trackPlaysConnection": [e["node"]["user"] for e in edges],
        "userPlays": [p["user"] for p in data["userPlays"]],
        "trackDownloads": [d["user"] for d in data["trackDownloads"]],
        "userDownloads": [d["user"] for d in data["userDownloads"]],
    }


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [(None, False), ("carol", False), ("bob", True), ("alice", True), ("staff", True)],
)
def test_listeners_only_to_themselves_the_owner_and_staff(
    gql, track, alice, bob, carol, staff, viewer, visible
):
    services.play_record(actor=bob, track=track, duration=5)
    services.download_record(actor=bob, track=track)
    people = {"alice": alice, "bob": bob, "carol": carol, "staff": staff}
    if viewer is not None:
        gql.login(people[viewer])
    data = gql.data(LISTENERS, {"t": str(track.pk), "u": str(bob.pk)})
    expected = {"username": "bob"} if visible else None
    assert _listeners(data) == {name: [expected] for name in _listeners(data)}


def test_listeners_cost_no_query_per_row(gql, track, make_user, carol, alice):
    for _ in range(30):
        services.play_record(actor=make_user(), track=track, duration=1)
    query = "query($t: ID!) { trackPlays(trackId: $t, limit: $n) { user { username } } }"
    query = query.replace("$n", "{n}")
    counts = []
    for viewer in (carol, alice):
        gql.login(viewer)
        for n in (5, 30):
            with CaptureQueriesContext(connection) as captured:
                data = gql.data(query.replace("{n}", str(n)), {"t": str(track.pk)})
            assert len(data["trackPlays"]) == n
            counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[2] == counts[3]

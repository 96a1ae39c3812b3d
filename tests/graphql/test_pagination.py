"""Offset pages (`limit`, `offset`) of nested lists, however they are fetched, and the page
sizes as settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services


@pytest.fixture
def three_each(alice, bob, make_track):
    """Three tracks each of alice and bob, created oldest first: a1 a2 a3, b1 b2 b3."""
    for owner in (alice, bob):
        for n in (1, 2, 3):
            make_track(owner=owner, title=f"{owner.username[0]}{n}")


def test_a_nested_list_pages_per_parent(gql, three_each):
    query = "{ users { username tracks(limit: 1, offset: 1) { title } } }"
    with CaptureQueriesContext(connection) as queries:
        users = gql.data(query)["users"]
    assert {u["username"]: [t["title"] for t in u["tracks"]] for u in users} == {
        "bob": ["b2"],
        "alice": ["a2"],
    }
    # the users, then one windowed query for the tracks of all of them
    assert len(queries) == 2


def test_a_nested_list_of_a_mutation_payload_pages_too(gql, alice, bob, three_each):
    gql.login(bob)
    mutation = """mutation($u: ID!) { followUser(userId: $u) {
        ... on Follow { following { tracks(limit: 2, offset: 1) { title } } } } }"""
    payload = gql.data(mutation, {"u": str(alice.pk)})["followUser"]
    assert payload == {"following": {"tracks": [{"title": "a2"}, {"title": "a1"}]}}


def test_liked_tracks_page_alike_in_a_list_and_in_a_mutation_payload(gql, alice, bob, three_each):
    for track in alice.tracks.order_by("created_at"):
        services.like_create(actor=bob, track=track)  # liked a1, a2, a3: a3 most recently
    page = "likedTracks(limit: 2, offset: 1) { title }"
    users = gql.data(f"{{ users {{ username {page} }} }}")["users"]
    assert {u["username"]: u["likedTracks"] for u in users} == {
        "bob": [{"title": "a2"}, {"title": "a1"}],
        "alice": [],
    }
    gql.login(bob)
    mutation = f"""mutation($u: ID!) {{ updateUser(id: $u, input: {{bio: "hi"}}) {{
        ... on User {{ {page} }} }} }}"""
    payload = gql.data(mutation, {"u": str(bob.pk)})["updateUser"]
    assert payload == {"likedTracks": [{"title": "a2"}, {"title": "a1"}]}


def test_liked_tracks_take_their_page_from_variables_and_defaults(gql, alice, bob, make_track):
    tracks = [make_track(owner=alice, title=f"t{n}") for n in range(3)]
    for track in tracks:
        services.like_create(actor=bob, track=track)
    query = """query($n: Int = 2, $o: Int!) { users(limit: 1) {
        likedTracks(limit: $n, offset: $o) { title } } }"""
    # bob is the newest user; his likes newest first: t2 t1 t0
    assert gql.data(query, {"o": 1.0})["users"] == [
        {"likedTracks": [{"title": "t1"}, {"title": "t0"}]}
    ]


@pytest.mark.parametrize(
    ("arguments", "variables", "titles"),
    [
        ("(offset: $n)", {"n": 0}, ["t2", "t1", "t0"]),  # the default limit
        ("(limit: 2, offset: 1)", {}, ["t1", "t0"]),  # literals
        ("(limit: $n)", {}, ["t2", "t1", "t0"]),  # an unset variable leaves the default
        ("(limit: $n, offset: $n)", {"n": 1}, ["t1"]),
    ],
)
def test_liked_tracks_read_their_page_as_the_lists_do(
    gql, alice, bob, make_track, arguments, variables, titles
):
    for n in range(3):
        services.like_create(actor=bob, track=make_track(owner=alice, title=f"t{n}"))
    declared = "($n: Int)" if "$n" in arguments else ""
    query = f"""query{declared} {{ users(limit: 1) {{
        likedTracks{arguments} {{ title }} tracks{arguments} {{ title }} }} }}"""
    [bob_row] = gql.data(query, variables)["users"]
    assert [t["title"] for t in bob_row["likedTracks"]] == titles
    assert bob_row["tracks"] == []


def test_a_users_playlists_are_paged_after_hiding_the_unlisted_ones(gql, alice, bob):
    for title, visibility in [("p1", "public"), ("u1", "unlisted"), ("p2", "public")]:
        services.playlist_create(actor=alice, title=title, visibility=visibility)
    query = """query($u: ID!) { user(id: $u) { playlists(limit: 1, offset: 1) { title } }
        users { username playlists(limit: 1, offset: 1) { title } } }"""
    gql.login(bob)
    data = gql.data(query, {"u": str(alice.pk)})
    assert data["user"] == {"playlists": [{"title": "p1"}]}
    assert {u["username"]: u["playlists"] for u in data["users"]} == {
        "bob": [],
        "alice": [{"title": "p1"}],
    }
    gql.login(alice)
    assert gql.data(query, {"u": str(alice.pk)})["user"] == {"playlists": [{"title": "u1"}]}


def test_the_largest_page_is_a_setting(gql, settings, make_user, django_assert_num_queries):
    settings.STRAWBERRY_DJANGO = {**settings.STRAWBERRY_DJANGO, "PAGINATION_MAX_LIMIT": 2}
    for _ in range(3):
        make_user()
    with django_assert_num_queries(0):
        body = gql.execute("{ users(limit: 3) { id } tracksConnection(first: 3) { totalCount } }")
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [
        "`limit` of `users` must be between 0 and 2; got 3."
    ]
    assert len(gql.data("{ users(limit: 2) { id } }")["users"]) == 2

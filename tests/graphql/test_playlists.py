"""Playlists over GraphQL: reading each visibility, items as a connection, the viewer as the only
actor, mutations with OperationInfo errors (a refused one changes nothing), stale versions,
drafts, search, and constant query counts for a page of 50 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services
from musewave.models import Playlist, PlaylistItem, User
from tests.graphql.conftest import OPERATION_INFO, messages


@pytest.fixture
def staff(make_user):
    user = make_user(username="staffer")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def songs(make_track, bob):
    return [make_track(owner=bob, audio_duration=float(10 * (i + 1))) for i in range(4)]


def make_playlist(owner, songs, **fields):
    fields.setdefault("title", "Mix")
    playlist = services.playlist_create(actor=owner, **fields)
    if songs:
        services.playlist_items_add(actor=owner, playlist=playlist, track_ids=[s.pk for s in songs])
    return Playlist.objects.get(pk=playlist.pk)


def snapshot(playlist_id) -> tuple:
    playlist = Playlist.objects.filter(pk=playlist_id).values().first()
    items = list(
        PlaylistItem.objects.filter(playlist_id=playlist_id)
        .order_by("position")
        .values_list("id", "track_id", "position")
    )
    return playlist, items


def item_ids(playlist) -> list[str]:
    items = PlaylistItem.objects.filter(playlist=playlist).order_by("position")
    return [str(pk) for pk in items.values_list("pk", flat=True)]


def dense_track_ids(playlist) -> list[str]:
    items = PlaylistItem.objects.filter(playlist=playlist).order_by("position")
    assert list(items.values_list("position", flat=True)) == list(range(items.count()))
    return [str(pk) for pk in items.values_list("track_id", flat=True)]


PLAYLIST = """query($id: ID!, $first: Int) { playlist(id: $id) {
  id title description coverUrl visibility trackCount duration version
  owner { username }
  items(first: $first) {
    totalCount
    edges { node { id position addedAt track { id title owner { username } } } }
  }
} }"""


def test_a_playlist_with_its_items_as_a_connection(gql, alice, songs):
    playlist = make_playlist(alice, songs, description="Long drive")
    data = gql.data(PLAYLIST, {"id": str(playlist.pk), "first": 3})["playlist"]
    assert (data["title"], data["description"], data["visibility"]) == (
        "Mix",
        "Long drive",
        "PUBLIC",
    )
    assert (data["trackCount"], data["duration"], data["version"]) == (4, 100.0, 2)
    assert data["owner"] == {"username": "alice"}
    assert data["items"]["totalCount"] == 4
    nodes = [edge["node"] for edge in data["items"]["edges"]]
    assert [n["position"] for n in nodes] == [0, 1, 2]
    assert [n["track"]["id"] for n in nodes] == [str(s.pk) for s in songs[:3]]
    assert nodes[0]["track"]["owner"] == {"username": "bob"}


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
@pytest.mark.parametrize("who", [None, "bob", "alice", "staffer"])
def test_who_may_open_each_visibility(gql, alice, bob, staff, visibility, who):
    playlist = services.playlist_create(actor=alice, title="Mix", visibility=visibility)
    user = {"alice": alice, "bob": bob, "staffer": staff}.get(who)
    if user:
        gql.login(user)
    data = gql.data("query($id: ID!) { playlist(id: $id) { id } }", {"id": str(playlist.pk)})
    hidden = visibility == "private" and who in (None, "bob")
    assert data["playlist"] == (None if hidden else {"id": str(playlist.pk)})


def test_lists_show_only_public_playlists_and_users_see_all_their_own(gql, alice, bob, songs):
    for visibility in ("public", "unlisted", "private"):
        make_playlist(alice, songs[:1], title=f"Alice {visibility}", visibility=visibility)
    make_playlist(bob, [], title="Bob public")
    query = """query($owner: ID!) {
      playlists { title }
      mine: playlists(filter: {ownerId: $owner}) { title }
      titled: playlists(filter: {title: "BOB"}) { title }
      user(id: $owner) { playlists { title visibility } }
    }"""
    data = gql.data(query, {"owner": str(alice.pk)})
    assert [p["title"] for p in data["playlists"]] == ["Bob public", "Alice public"]
    assert [p["title"] for p in data["mine"]] == ["Alice public"]
    assert [p["title"] for p in data["titled"]] == ["Bob public"]
    assert [p["title"] for p in data["user"]["playlists"]] == ["Alice public"]
    gql.login(alice)
    data = gql.data(query, {"owner": str(alice.pk)})
    assert [p["visibility"] for p in data["user"]["playlists"]] == [
        "PRIVATE",
        "UNLISTED",
        "PUBLIC",
    ]
    assert [p["title"] for p in data["mine"]] == ["Alice public"]  # the root list is public only


def test_drafts_and_deactivated_artists_hide_without_losing_their_place(
    gql, make_user, make_track, alice, bob, songs
):
    carol = make_user(username="carol")
    gone = make_track(owner=carol, audio_duration=5.0)
    playlist = make_playlist(alice, [*songs[:2], gone, songs[2]])
    services.track_update(actor=bob, track=songs[1], data={"published": False})
    User.objects.filter(pk=carol.pk).update(is_active=False)
    query = """query($id: ID!) { playlist(id: $id) {
      trackCount duration items { totalCount edges { node { position track { title } } } }
    } }"""

    def seen():
        data = gql.data(query, {"id": str(playlist.pk)})["playlist"]
        nodes = [
            (e["node"]["position"], e["node"]["track"] is not None) for e in data["items"]["edges"]
        ]
        return data["trackCount"], data["duration"], data["items"]["totalCount"], nodes

    assert seen() == (2, 40.0, 2, [(0, True), (3, True)])
    gql.login(bob)  # his own draft, not carol's track
    assert seen() == (3, 60.0, 3, [(0, True), (1, True), (3, True)])
    gql.login(alice)
    assert seen() == (4, 65.0, 4, [(0, True), (1, False), (2, False), (3, True)])


FIFTY = """query($id: ID!, $first: Int!) { playlist(id: $id) {
  title trackCount duration owner { username followerCount }
  items(first: $first) {
    totalCount
    edges { cursor node { position addedAt track { title commentCount owner { username } } } }
  }
} }"""


def test_a_page_of_fifty_items_costs_the_same_queries_as_five(gql, alice, make_user, make_track):
    artists = [make_user() for _ in range(5)]
    songs = [make_track(owner=artists[i % 5]) for i in range(50)]
    playlist = make_playlist(alice, songs)

    def count(first: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            data = gql.data(FIFTY, {"id": str(playlist.pk), "first": first})
        assert len(data["playlist"]["items"]["edges"]) == first
        assert all(e["node"]["track"]["owner"] for e in data["playlist"]["items"]["edges"])
        return len(queries)

    few, many = count(5), count(50)
    # playlist with owner and totals; item count; items; their tracks with owners
    assert few == many == 4


LISTS = """query($n: Int!) { playlists(limit: $n) {
  title trackCount owner { username }
  items(first: 3) { totalCount edges { node { position track { title owner { username } } } } }
} }"""


def test_a_list_of_playlists_with_their_items_costs_the_same_for_five_or_fifty(
    gql, alice, bob, songs
):
    for i in range(50):
        make_playlist(alice if i % 2 else bob, songs, title=f"List {i}")

    def count(n: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            data = gql.data(LISTS, {"n": n})
        assert len(data["playlists"]) == n
        for playlist in data["playlists"]:
            assert playlist["items"]["totalCount"] == 4
            assert [e["node"]["position"] for e in playlist["items"]["edges"]] == [0, 1, 2]
        return len(queries)

    few, many = count(5), count(50)
    # playlists (with totals and owners), a window of items, their tracks with owners
    assert few == many == 3


def test_the_playlists_of_a_page_of_users_cost_the_same_for_five_or_fifty(gql, make_user):
    for i in range(50):
        owner = make_user()
        services.playlist_create(actor=owner, title=f"Open {i}")
        services.playlist_create(actor=owner, title=f"Hidden {i}", visibility="unlisted")
    query = "query($n: Int!) { users(limit: $n) { username playlists { title trackCount } } }"

    def count(n: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            users = gql.data(query, {"n": n})["users"]
        assert len(users) == n
        assert all([p["title"][:4] for p in u["playlists"]] == ["Open"] for u in users)
        return len(queries)

    assert count(5) == count(50) == 2


@pytest.mark.parametrize("cursor", ["nope", "YXJyYXljb25uZWN0aW9uOng=", "!!"])
def test_a_malformed_cursor_of_the_items_is_a_client_error(gql, alice, songs, cursor):
    playlist = make_playlist(alice, songs)
    variable = "query($id: ID!, $after: String) { playlist(id: $id) { items(after: $after) {"
    literal = "query($id: ID!) { playlist(id: $id) { items(after: CURSOR) {"
    for variables, document in (
        ({"id": str(playlist.pk), "after": cursor}, variable + " totalCount } } }"),
        ({"id": str(playlist.pk)}, literal.replace("CURSOR", f'"{cursor}"') + " totalCount } } }"),
    ):
        body = gql.execute(document, variables)
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "invalid"
        assert error["message"] == "`after` is not a cursor of this list."


# --- Mutations ----------------------------------------------------------------------------------

CREATE = """mutation($input: CreatePlaylistInput!) { createPlaylist(input: $input) {
  ... on Playlist { id title visibility version trackCount owner { username } }
  OPERATION_INFO
} }""".replace("OPERATION_INFO", OPERATION_INFO)


def test_create_needs_a_signed_in_user(gql, alice):
    payload = gql.data(CREATE, {"input": {"title": "Mix"}})["createPlaylist"]
    assert messages(payload)[0]["kind"] == "PERMISSION"
    assert Playlist.objects.count() == 0
    gql.login(alice)
    payload = gql.data(CREATE, {"input": {"title": "Mix", "visibility": "UNLISTED"}})
    assert payload["createPlaylist"]["owner"] == {"username": "alice"}
    assert payload["createPlaylist"]["visibility"] == "UNLISTED"
    assert (payload["createPlaylist"]["version"], payload["createPlaylist"]["trackCount"]) == (1, 0)


def test_mutations_take_no_acting_user_argument(gql, alice):
    gql.login(alice)
    body = gql.execute(
        'mutation { createPlaylist(input: {title: "x"}, userId: "1") { __typename } }'
    )
    assert "errors" in body and Playlist.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"title": "ok", "description": "d" * 1001}, "description"),
        ({"title": "ok", "coverUrl": "ftp://x.io/c.png"}, "coverUrl"),
    ],
)
def test_invalid_input_is_a_validation_message(gql, alice, fields, field):
    gql.login(alice)
    payload = gql.data(CREATE, {"input": fields})["createPlaylist"]
    assert [(m["kind"], m["field"]) for m in messages(payload)] == [("VALIDATION", field)]
    assert Playlist.objects.count() == 0


RESULT = "{ ... on Playlist { id version trackCount } " + OPERATION_INFO + " }"
DOCUMENTS = {
    "Update": "mutation($p: ID!, $v: Int) { m: updatePlaylist(id: $p,"
    ' input: {title: "Changed"}, expectedVersion: $v) RESULT }',
    "Delete": "mutation($p: ID!, $v: Int) { m: deletePlaylist(id: $p, expectedVersion: $v)"
    " { ... on Deleted { id } OPERATION_INFO } }",
    "Add": "mutation($p: ID!, $t: [ID!]!, $v: Int) { m: addPlaylistTracks(playlistId: $p,"
    " trackIds: $t, position: 1, expectedVersion: $v) RESULT }",
    "Remove": "mutation($p: ID!, $i: ID!, $v: Int) { m: removePlaylistItem(playlistId: $p,"
    " itemId: $i, expectedVersion: $v) RESULT }",
    "Move": "mutation($p: ID!, $i: ID!, $v: Int) { m: movePlaylistItem(playlistId: $p,"
    " itemId: $i, position: 2, expectedVersion: $v) RESULT }",
    "Reorder": "mutation($p: ID!, $order: [ID!]!, $v: Int) { m: reorderPlaylist(playlistId: $p,"
    " itemIds: $order, expectedVersion: $v) RESULT }",
}
USED = {
    "Update": ("p", "v"),
    "Delete": ("p", "v"),
    "Add": ("p", "t", "v"),
    "Remove": ("p", "i", "v"),
    "Move": ("p", "i", "v"),
    "Reorder": ("p", "order", "v"),
}
OPERATIONS = list(DOCUMENTS)


def run(gql, operation: str, playlist, songs, version=None) -> dict:
    ids = item_ids(playlist)
    variables = {
        "p": str(playlist.pk),
        "t": [str(songs[0].pk)],
        "i": ids[0],
        "order": ids[::-1],
        "v": version,
    }
    document = DOCUMENTS[operation].replace("RESULT", RESULT)
    document = document.replace("OPERATION_INFO", OPERATION_INFO)
    return gql.data(document, {k: variables[k] for k in USED[operation]})["m"]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
@pytest.mark.parametrize("who", [None, "bob", "alice", "staffer"])
def test_only_the_owner_and_staff_edit(gql, alice, bob, staff, songs, operation, visibility, who):
    playlist = make_playlist(alice, songs, visibility=visibility)
    before = snapshot(playlist.pk)
    user = {"alice": alice, "bob": bob, "staffer": staff}.get(who)
    if user:
        gql.login(user)
    payload = run(gql, operation, playlist, songs)
    if who in ("alice", "staffer"):
        assert "messages" not in payload, payload
        assert snapshot(playlist.pk) != before
        if operation != "Delete":
            assert payload["version"] == 3
            dense_track_ids(playlist)
        return
    (message,) = messages(payload)
    if visibility == "private":  # found by nobody but the owner and staff
        assert (message["kind"], message["code"]) == ("ERROR", "not_found")
    else:
        assert message["kind"] == "PERMISSION"
    assert snapshot(playlist.pk) == before


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_stale_version_is_a_conflict_and_changes_nothing(gql, alice, songs, operation):
    playlist = make_playlist(alice, songs)
    gql.login(alice)
    before = snapshot(playlist.pk)
    (message,) = messages(run(gql, operation, playlist, songs, version=1))
    assert (message["kind"], message["code"]) == ("ERROR", "conflict")
    assert "version 2" in message["message"]
    assert snapshot(playlist.pk) == before
    assert "messages" not in run(gql, operation, playlist, songs, version=2)


def test_each_edit_leaves_the_expected_order(gql, alice, songs):
    a, b, c, d = (str(s.pk) for s in songs)
    playlist = make_playlist(alice, songs[1:3])  # b c
    gql.login(alice)
    run(gql, "Add", playlist, songs)  # a at 1
    assert dense_track_ids(playlist) == [b, a, c]
    run(gql, "Move", playlist, songs)  # first to 2
    assert dense_track_ids(playlist) == [a, c, b]
    run(gql, "Reorder", playlist, songs)
    assert dense_track_ids(playlist) == [b, c, a]
    run(gql, "Remove", playlist, songs)
    assert dense_track_ids(playlist) == [c, a]
    assert d not in dense_track_ids(playlist)


def test_unknown_playlists_items_and_tracks_are_reported_against_their_argument(gql, alice, songs):
    playlist = make_playlist(alice, songs)
    gql.login(alice)
    query = """mutation($p: ID!, $i: ID!, $t: [ID!]!) {
      a: removePlaylistItem(playlistId: $p, itemId: $i) R
      b: addPlaylistTracks(playlistId: "nope", trackIds: $t) R
      c: addPlaylistTracks(playlistId: $p, trackIds: ["nope"]) R
      d: movePlaylistItem(playlistId: $p, itemId: $i, position: 9) R
    }""".replace("R\n", "{ ... on Playlist { id } " + OPERATION_INFO + " }\n")
    before = snapshot(playlist.pk)
    data = gql.data(
        query,
        {
            "p": str(playlist.pk),
            "i": "00000000-0000-0000-0000-000000000000",
            "t": [str(songs[0].pk)],
        },
    )
    assert messages(data["a"])[0]["code"] == "not_found"
    assert (messages(data["b"])[0]["kind"], messages(data["b"])[0]["field"]) == (
        "VALIDATION",
        "playlistId",
    )
    assert messages(data["c"])[0]["field"] == "trackIds"
    assert messages(data["d"])[0]["code"] == "not_found"
    assert snapshot(playlist.pk) == before


def test_duplicate_a_public_playlist(gql, alice, bob, songs):
    playlist = make_playlist(alice, songs)
    gql.login(bob)
    query = """mutation($id: ID!) { duplicatePlaylist(id: $id, title: "Mine") {
      ... on Playlist { id title visibility trackCount owner { username } } OPERATION_INFO
    } }""".replace("OPERATION_INFO", OPERATION_INFO)
    copy = gql.data(query, {"id": str(playlist.pk)})["duplicatePlaylist"]
    assert (copy["title"], copy["visibility"], copy["trackCount"]) == ("Mine", "PRIVATE", 4)
    assert copy["owner"] == {"username": "bob"}
    assert dense_track_ids(Playlist.objects.get(pk=copy["id"])) == dense_track_ids(playlist)


# --- Search -------------------------------------------------------------------------------------


def test_search_finds_public_playlists_by_title(gql, alice, bob, songs):
    make_playlist(alice, songs[:2], title="Summer Nights")
    make_playlist(bob, [], title="Late summer")
    make_playlist(alice, [], title="Summer secret", visibility="private")
    make_playlist(alice, [], title="Summer unlisted", visibility="unlisted")
    query = """query($q: String!, $type: SearchType!) { search(query: $q, type: $type) {
      tracks { title } users { username } playlists { title trackCount owner { username } }
    } }"""
    data = gql.data(query, {"q": "summer", "type": "PLAYLISTS"})["search"]
    assert [p["title"] for p in data["playlists"]] == ["Summer Nights", "Late summer"]
    assert data["playlists"][0]["trackCount"] == 2
    assert data["tracks"] == data["users"] == []
    every = gql.data(query, {"q": "summer", "type": "ALL"})["search"]
    assert [p["title"] for p in every["playlists"]] == ["Summer Nights", "Late summer"]
    tracks_only = gql.data(query, {"q": "summer", "type": "TRACKS"})["search"]
    assert tracks_only["playlists"] == []
    gql.login(alice)  # searching never shows private or unlisted playlists, even one's own
    mine = gql.data(query, {"q": "secret", "type": "PLAYLISTS"})["search"]
    assert mine["playlists"] == []

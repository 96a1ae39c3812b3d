"""Search: tracks and users, drafts hidden from others, and its validation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

SEARCH = """query($q: String!, $type: SearchType, $limit: Int) {
    search(query: $q, type: $type, limit: $limit) {
        tracks { title owner { username } album { title } } users { username } } }"""


@pytest.fixture
def catalogue(alice, bob, make_track, make_user):
    make_user(username="sunset_dj", display_name="Sunset DJ")
    make_track(owner=alice, title="Sunset Boulevard", genre="jazz")
    make_track(owner=bob, title="Sunset Drive", genre="synthwave")
    make_track(owner=alice, title="Sunset Draft", published=False)
    make_track(owner=bob, title="Morning", genre="ambient")


def _titles(data) -> set[str]:
    return {t["title"] for t in data["search"]["tracks"]}


def test_search_finds_tracks_and_users(gql, catalogue):
    data = gql.data(SEARCH, {"q": "sunset"})
    assert _titles(data) == {"Sunset Boulevard", "Sunset Drive"}
    assert [u["username"] for u in data["search"]["users"]] == ["sunset_dj"]
    owners = {t["title"]: t["owner"]["username"] for t in data["search"]["tracks"]}
    assert owners == {"Sunset Boulevard": "alice", "Sunset Drive": "bob"}


def test_drafts_are_found_by_their_owner_only(gql, catalogue, alice, bob):
    gql.login(bob)
    assert "Sunset Draft" not in _titles(gql.data(SEARCH, {"q": "sunset"}))
    gql.login(alice)
    assert "Sunset Draft" in _titles(gql.data(SEARCH, {"q": "sunset"}))


def test_search_by_type_and_limit(gql, catalogue):
    tracks_only = gql.data(SEARCH, {"q": "sunset", "type": "TRACKS", "limit": 1})["search"]
    assert len(tracks_only["tracks"]) == 1
    assert tracks_only["users"] == []
    users_only = gql.data(SEARCH, {"q": "sunset", "type": "USERS"})["search"]
    assert users_only["tracks"] == []
    assert [u["username"] for u in users_only["users"]] == ["sunset_dj"]


def test_empty_query_is_a_clear_error_naming_the_argument(gql, db):
    body = gql.execute(SEARCH, {"q": "   "})
    assert body["data"] is None
    assert body["errors"][0]["message"] == "Enter something to search for."
    assert body["errors"][0]["extensions"] == {
        "code": "invalid",
        "fields": {"query": ["Enter something to search for."]},
    }


def test_unknown_type_is_refused_by_the_schema(gql, db):
    body = gql.execute(SEARCH, {"q": "x", "type": "ALBUMS"})
    assert body["data"] is None
    assert "ALBUMS" in body["errors"][0]["message"]


def test_nested_fields_of_results_cost_no_more_for_more_results(gql, alice, make_track):
    for n in range(12):
        make_track(owner=alice, title=f"Sunset {n}")
    with CaptureQueriesContext(connection) as few:
        assert len(gql.data(SEARCH, {"q": "sunset", "limit": 2})["search"]["tracks"]) == 2
    with CaptureQueriesContext(connection) as many:
        assert len(gql.data(SEARCH, {"q": "sunset", "limit": 12})["search"]["tracks"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)

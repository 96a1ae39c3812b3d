"""Search and its index rebuild."""

import pytest

from tests.rest.conftest import SUCCESS, TRACK, USER, assert_list_of


def test_search_finds_published_tracks_and_users(api, alice, track, make_track):
    make_track(owner=alice, title="Summer Draft", published=False)
    response = api.get("/musewave/search/?q=summ")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"tracks", "users"}
    assert_list_of(body["tracks"], TRACK)
    assert_list_of(body["users"], USER)
    assert [t["id"] for t in body["tracks"]] == [str(track.pk)]


def test_search_users_only(api, alice, track):
    response = api.get("/musewave/search/?q=alice&type=users")
    assert response.status_code == 200
    body = response.json()
    assert body["tracks"] == []
    assert [u["id"] for u in body["users"]] == [str(alice.pk)]


def test_search_tracks_only(api, alice, track):
    body = api.get("/musewave/search/?q=alice&type=tracks").json()
    assert body["users"] == []
    assert [t["id"] for t in body["tracks"]] == [str(track.pk)]


def test_search_limit(api, alice, make_track):
    for n in range(3):
        make_track(owner=alice, title=f"Ocean {n}")
    assert len(api.get("/musewave/search/?q=ocean&type=tracks&limit=2").json()["tracks"]) == 2
    assert len(api.get("/musewave/search/?q=ocean&type=tracks&limit=0").json()["tracks"]) == 1
    response = api.get("/musewave/search/?q=ocean&limit=many")
    assert response.status_code == 400
    assert response.json() == {"error": {"limit": ["A valid integer is required."]}}


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20"])
def test_search_requires_q(api, query):
    response = api.get(f"/musewave/search/{query}")
    assert response.status_code == 400
    assert response.json() == {"error": "Query parameter 'q' is required"}


def test_search_unknown_type_is_400(api):
    response = api.get("/musewave/search/?q=x&type=albums")
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["type"]


def test_search_null_character_is_400(api):
    response = api.get("/musewave/search/?q=a%00b")
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["q"]


def test_search_rebuild(api, track):
    response = api.post("/musewave/search/rebuild/")
    assert response.status_code == 200
    assert response.json() == SUCCESS
    assert api.get("/musewave/search/?q=summer").json()["tracks"][0]["id"] == str(track.pk)

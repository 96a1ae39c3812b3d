"""Nested selections cost a fixed number of queries, however many rows they return."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services


def _count_queries(gql, query: str, **variables) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        data = gql.data(query, variables)
    return len(captured.captured_queries), data


@pytest.fixture
def catalogue(alice, make_user, make_track):
    """50 published tracks of alice in one album, each commented on by a different follower
    of alice who has a track of their own."""
    album = services.album_create(
        actor=alice, title="Fifty", artist="Alice", genre="pop", release_date="2024-05-01T00:00Z"
    )
    tracks = [make_track(owner=alice) for _ in range(50)]
    services.album_update(actor=alice, album=album, data={}, track_ids=[t.pk for t in tracks])
    for track in tracks:
        fan = make_user()
        services.follow_create(actor=fan, following=alice)
        services.comment_create(actor=fan, track=track, body="great")
        make_track(owner=fan)
        services.like_create(actor=fan, track=track)
    return album


TRACKS = """query($n: Int!, $owner: ID!) { tracks(limit: $n, filter: {ownerId: $owner}) {
    title commentCount owner { username followerCount } album { title trackCount }
} }"""


def test_tracks_with_owner_album_and_comment_count(gql, alice, catalogue):
    few, data_few = _count_queries(gql, TRACKS, n=5, owner=str(alice.pk))
    many, data_many = _count_queries(gql, TRACKS, n=50, owner=str(alice.pk))
    assert len(data_few["tracks"]) == 5
    assert len(data_many["tracks"]) == 50
    # tracks (with comment counts), owners (with follower counts), albums (with track counts)
    assert many == few == 3
    assert {t["commentCount"] for t in data_many["tracks"]} == {1}
    assert {t["album"]["trackCount"] for t in data_many["tracks"]} == {50}
    assert {t["owner"]["followerCount"] for t in data_many["tracks"]} == {50}


CONNECTION = """query($n: Int!, $owner: ID!) {
  tracksConnection(first: $n, filter: {ownerId: $owner}) {
    totalCount edges { cursor node { title commentCount owner { username } album { title } } }
} }"""


def test_tracks_connection_costs_the_same_for_any_page_size(gql, alice, catalogue):
    few, data_few = _count_queries(gql, CONNECTION, n=5, owner=str(alice.pk))
    many, data_many = _count_queries(gql, CONNECTION, n=50, owner=str(alice.pk))
    assert data_few["tracksConnection"]["totalCount"] == 50
    assert len(data_many["tracksConnection"]["edges"]) == 50
    assert many == few


FOLLOWERS = """query($n: Int!) { user(username: "alice") {
    followerCount
    followers(limit: $n) { createdAt follower { username trackCount tracks { title } } }
    tracks(limit: $n) { title comments { body user { username } } }
} }"""


def test_user_with_followers_and_their_tracks(gql, catalogue):
    few, data_few = _count_queries(gql, FOLLOWERS, n=5)
    many, data_many = _count_queries(gql, FOLLOWERS, n=50)
    user = data_many["user"]
    assert user["followerCount"] == 50
    assert len(user["followers"]) == 50
    assert all(len(f["follower"]["tracks"]) == 1 for f in user["followers"])
    assert len(user["tracks"]) == 50
    assert len(data_few["user"]["followers"]) == 5
    # user, follows, followers, their tracks, alice's tracks, comments with their authors
    assert many == few == 6


ALBUM = """query($id: ID!, $n: Int!) { album(id: $id) {
    title trackCount owner { username } tracks(limit: $n) { title owner { username } commentCount }
} }"""


def test_album_with_its_tracks(gql, catalogue):
    few, data_few = _count_queries(gql, ALBUM, id=str(catalogue.pk), n=5)
    many, data_many = _count_queries(gql, ALBUM, id=str(catalogue.pk), n=50)
    assert len(data_few["album"]["tracks"]) == 5
    assert len(data_many["album"]["tracks"]) == 50
    assert data_many["album"]["trackCount"] == 50
    # album with its owner and track count, then one page of tracks per album
    assert many == few == 2


LIKED = (
    """query($n: Int!) { users(limit: $n) { username likedTracks { title owner { username } } } }"""
)


def test_users_with_liked_tracks(gql, catalogue):
    few, _ = _count_queries(gql, LIKED, n=5)
    many, data = _count_queries(gql, LIKED, n=50)
    # The 50 newest users are the fans, who each liked one of alice's tracks.
    assert [len(u["likedTracks"]) for u in data["users"]] == [1] * 50
    assert {u["likedTracks"][0]["owner"]["username"] for u in data["users"]} == {"alice"}
    assert many == few

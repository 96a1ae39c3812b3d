"""The feed and reposts in GraphQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services
from musewave.models import Repost, Track
from tests.graphql.conftest import OPERATION_INFO, messages

FEED = """query($first: Int, $after: String) {
  feed(first: $first, after: $after) {
    edges { cursor postedAt repostedBy { username } node { title commentCount owner { username } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REPOST = f"""mutation($id: ID!) {{
  repostTrack(trackId: $id) {{
    ... on Repost {{ user {{ username }} track {{ shares }} }}
    {OPERATION_INFO}
  }}
}}"""
UNREPOST = f"""mutation($id: ID!) {{
  unrepostTrack(trackId: $id) {{ ... on Track {{ shares }} {OPERATION_INFO} }}
}}"""


def test_repost_and_unrepost_move_shares(gql, bob, track):
    gql.login(bob)
    first = gql.data(REPOST, {"id": str(track.pk)})["repostTrack"]
    assert first == {"user": {"username": "bob"}, "track": {"shares": 1}}
    assert gql.data(REPOST, {"id": str(track.pk)})["repostTrack"]["track"] == {"shares": 1}
    assert gql.data(UNREPOST, {"id": str(track.pk)})["unrepostTrack"] == {"shares": 0}
    again = gql.data(UNREPOST, {"id": str(track.pk)})["unrepostTrack"]
    assert messages(again)[0]["message"] == "Repost not found"
    track.refresh_from_db()
    assert track.shares == 0


def test_reposting_needs_a_signed_in_user(gql, track):
    payload = gql.data(REPOST, {"id": str(track.pk)})["repostTrack"]
    assert messages(payload)[0]["kind"] == "PERMISSION"
    assert not Repost.objects.exists()


def test_reposting_a_draft_is_refused(gql, alice, bob, make_track):
    draft = make_track(owner=alice, published=False)
    gql.login(bob)
    payload = gql.data(REPOST, {"id": str(draft.pk)})["repostTrack"]
    assert messages(payload)[0]["field"] == "trackId"  # bob cannot even see it
    gql.login(alice)
    payload = gql.data(REPOST, {"id": str(draft.pk)})["repostTrack"]
    assert messages(payload)[0]["message"] == "Only published tracks can be reposted."
    assert Track.objects.get(pk=draft.pk).shares == 0


def test_feed_shows_followed_tracks_and_reposts_with_who_reposted(
    gql, alice, bob, make_user, make_track
):
    carol = make_user(username="carol")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=bob, following=carol)
    make_track(owner=alice, title="alice's")
    elsewhere = make_track(owner=make_user(username="dave"), title="dave's")
    services.repost_create(actor=carol, track=elsewhere)
    gql.login(bob)
    edges = gql.data(FEED)["feed"]["edges"]
    assert [(e["node"]["title"], e["repostedBy"]) for e in edges] == [
        ("dave's", {"username": "carol"}),
        ("alice's", None),
    ]


def test_feed_pages_are_stable_and_need_a_signed_in_user(gql, alice, bob, make_track):
    services.follow_create(actor=bob, following=alice)
    for i in range(3):
        make_track(owner=alice, title=f"t{i}")
    gql.login(bob)
    page = gql.data(FEED, {"first": 2})["feed"]
    assert [e["node"]["title"] for e in page["edges"]] == ["t2", "t1"]
    make_track(owner=alice, title="fresh")
    rest = gql.data(FEED, {"first": 2, "after": page["pageInfo"]["endCursor"]})["feed"]
    assert [e["node"]["title"] for e in rest["edges"]] == ["t0"]
    assert rest["pageInfo"]["hasNextPage"] is False
    gql.logout()
    assert gql.execute(FEED)["errors"][0]["extensions"]["code"] == "unauthenticated"


@pytest.mark.parametrize("with_reposts", [False, True])
def test_feed_costs_the_same_queries_for_5_and_50_tracks(
    gql, alice, bob, make_user, make_track, with_reposts
):
    carol = make_user(username="carol")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=bob, following=carol)
    for _ in range(50):
        track = make_track(owner=alice)
        services.comment_create(actor=carol, track=track, body="yes")
        if with_reposts:
            services.repost_create(actor=carol, track=track)
    gql.login(bob)
    counts = []
    for n in (5, 50):
        with CaptureQueriesContext(connection) as captured:
            edges = gql.data(FEED, {"first": n})["feed"]["edges"]
        assert len(edges) == n
        assert {e["node"]["commentCount"] for e in edges} == {1}
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    # the viewer's token, the page of tracks (with owners and comment counts), the reposters
    assert counts[0] == (3 if with_reposts else 2)

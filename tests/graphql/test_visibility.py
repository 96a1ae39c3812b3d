"""The same visibility rule in GraphQL: a draft is not revealed to others, `userStats` agrees
with `trackCount`, and a deactivated user is neither listed nor counted."""

import pytest

from musewave import services
from musewave.models import User

pytestmark = pytest.mark.django_db

HAS_LIKED = "query($t: ID!, $u: ID!) { hasLiked(trackId: $t, userId: $u) }"


@pytest.fixture
def draft(make_track, alice):
    draft = make_track(owner=alice, title="Draft", published=False)
    services.like_create(actor=alice, track=draft)
    return draft


def test_has_liked_does_not_reveal_a_draft_to_others(gql, draft, alice, bob):
    variables = {"t": str(draft.pk), "u": str(alice.pk)}
    for viewer in (None, bob):
        if viewer is not None:
            gql.login(viewer)
        body = gql.execute(HAS_LIKED, variables)
        assert body["data"] == {"hasLiked": None}
        assert body["errors"][0]["message"] == "Track not found"
        assert body["errors"][0]["extensions"] == {"code": "not_found"}
    gql.login(alice)
    assert gql.data(HAS_LIKED, variables) == {"hasLiked": True}


STATS = """query($u: ID!) {
    userStats(userId: $u) { totalTracks totalPlays totalLikes totalFollowers totalFollowing }
    user(id: $u) { trackCount followerCount followingCount }
}"""


def test_user_stats_agree_with_track_count(gql, track, draft, alice, bob):
    services.play_record(actor=bob, track=draft, duration=5)
    variables = {"u": str(alice.pk)}
    for viewer in (None, bob):
        if viewer is not None:
            gql.login(viewer)
        data = gql.data(STATS, variables)
        assert data["userStats"]["totalTracks"] == data["user"]["trackCount"] == 1
        assert (data["userStats"]["totalPlays"], data["userStats"]["totalLikes"]) == (0, 0)
    gql.login(alice)
    data = gql.data(STATS, variables)
    assert data["userStats"]["totalTracks"] == data["user"]["trackCount"] == 2
    assert (data["userStats"]["totalPlays"], data["userStats"]["totalLikes"]) == (1, 1)


FOLLOWS = """query($u: ID!) {
    users { username }
    user(id: $u) {
        followerCount followingCount
        followers { follower { username } }
        following { following { username } }
    }
    userStats(userId: $u) { totalFollowers totalFollowing }
}"""


def test_deactivated_users_are_neither_listed_nor_counted(gql, alice, bob, make_user):
    carol, dave = make_user(username="carol"), make_user(username="dave")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    services.follow_create(actor=alice, following=dave)
    User.objects.filter(pk__in=[carol.pk, dave.pk]).update(is_active=False)
    data = gql.data(FOLLOWS, {"u": str(alice.pk)})
    assert {u["username"] for u in data["users"]} == {"alice", "bob"}
    assert data["user"] == {
        "followerCount": 1,
        "followingCount": 0,
        "followers": [{"follower": {"username": "bob"}}],
        "following": [],
    }
    assert data["userStats"] == {"totalFollowers": 1, "totalFollowing": 0}
    many = gql.data("{ users { username followerCount following { following { username } } } }")[
        "users"
    ]
    assert {u["username"]: (u["followerCount"], u["following"]) for u in many} == {
        "alice": (1, []),
        "bob": (0, [{"following": {"username": "alice"}}]),
    }


LIKES = """query($t: ID!, $a: ID!, $c: ID!) {
    trackLikes(trackId: $t) { user { username } }
    userLikes(userId: $c) { id }
    track(id: $t) { likes }
    tracks { likes }
    userStats(userId: $a) { totalLikes }
}"""


def test_deactivated_users_are_in_no_like_list_or_counter(gql, track, alice, bob, make_user):
    carol = make_user(username="carol")
    for fan in (bob, carol):
        services.like_create(actor=fan, track=track)
    variables = {"t": str(track.pk), "a": str(alice.pk), "c": str(carol.pk)}
    before = gql.data(LIKES, variables)
    assert [like["user"]["username"] for like in before["trackLikes"]] == ["carol", "bob"]
    assert (before["track"]["likes"], before["userStats"]["totalLikes"]) == (2, 2)
    assert len(before["userLikes"]) == 1

    services.user_set_active(user=carol, active=False)
    assert gql.data(LIKES, variables) == {
        "trackLikes": [{"user": {"username": "bob"}}],
        "userLikes": [],
        "track": {"likes": 1},
        "tracks": [{"likes": 1}],
        "userStats": {"totalLikes": 1},
    }
    services.user_set_active(user=carol, active=True)
    assert gql.data(LIKES, variables) == before

"""Likes, follows and comments: queries and mutations."""

import pytest

from musewave import services
from musewave.models import Comment, Follow, Like, Track, User

from .conftest import OPERATION_INFO, messages

LIKE = (
    "mutation($track: ID!) { likeTrack(trackId: $track)"
    " { ... on Like { user { username } track { title likes } } " + OPERATION_INFO + " } }"
)
UNLIKE = (
    "mutation($track: ID!) { unlikeTrack(trackId: $track)"
    " { ... on Track { title likes } " + OPERATION_INFO + " } }"
)
FOLLOW = (
    "mutation($user: ID!) { followUser(userId: $user)"
    " { ... on Follow { follower { username } following { username followerCount } } "
    + OPERATION_INFO
    + " } }"
)
UNFOLLOW = (
    "mutation($user: ID!) { unfollowUser(userId: $user)"
    " { ... on User { username followerCount } " + OPERATION_INFO + " } }"
)
COMMENT = (
    "mutation($track: ID!, $body: String!, $position: Float) {"
    " addComment(trackId: $track, body: $body, position: $position)"
    " { ... on Comment { body position user { username } track { title } } "
    + OPERATION_INFO
    + " } }"
)
DELETE_COMMENT = (
    "mutation($id: ID!) { deleteComment(id: $id) { ... on Deleted { id } " + OPERATION_INFO + " } }"
)


def kinds(payload: dict) -> list[tuple]:
    return [(m["kind"], m["field"], m["code"]) for m in messages(payload)]


class TestLikes:
    def test_like_is_idempotent_and_counted_once(self, gql, track, bob):
        gql.login(bob)
        variables = {"track": str(track.pk)}
        first = gql.data(LIKE, variables)["likeTrack"]
        again = gql.data(LIKE, variables)["likeTrack"]
        expected = {"user": {"username": "bob"}, "track": {"title": "Summer Vibes", "likes": 1}}
        assert first == again == expected
        assert Like.objects.count() == 1

    def test_viewer_likes_without_naming_themselves(self, gql, track, bob):
        gql.login(bob)
        assert gql.data(LIKE, {"track": str(track.pk)})["likeTrack"]["user"] == {"username": "bob"}

    def test_naming_the_acting_user_is_not_possible(self, gql, track, alice, bob):
        gql.login(bob)
        mutation = "mutation($t: ID!, $u: ID) { likeTrack(trackId: $t, userId: $u) { __typename } }"
        body = gql.execute(mutation, {"t": str(track.pk), "u": str(alice.pk)})
        assert body["data"] is None
        assert body["errors"][0]["message"].startswith(
            "Unknown argument 'userId' on field 'Mutation.likeTrack'."
        )
        assert not Like.objects.exists()

    def test_liking_without_a_token_is_refused_in_either_mode(self, gql, track, settings):
        for require_auth in (False, True):
            settings.MUSEWAVE_REQUIRE_AUTH = require_auth
            payload = gql.data(LIKE, {"track": str(track.pk)})["likeTrack"]
            assert kinds(payload) == [("PERMISSION", None, "unauthenticated")]
        assert not Like.objects.exists()

    def test_liking_a_hidden_draft_or_unknown_track(self, gql, alice, bob, make_track):
        draft = make_track(owner=alice, published=False)
        gql.login(bob)
        for track_id in (str(draft.pk), "0" * 32):
            payload = gql.data(LIKE, {"track": track_id})["likeTrack"]
            assert kinds(payload) == [("ERROR", "trackId", "not_found")]
        malformed = gql.data(LIKE, {"track": "nope"})["likeTrack"]
        assert kinds(malformed) == [("VALIDATION", "trackId", "invalid")]
        assert not Like.objects.exists()

    def test_unlike(self, gql, track, bob):
        services.like_create(actor=bob, track=track)
        gql.login(bob)
        variables = {"track": str(track.pk)}
        assert gql.data(UNLIKE, variables)["unlikeTrack"] == {"title": "Summer Vibes", "likes": 0}
        assert not Like.objects.exists()
        payload = gql.data(UNLIKE, variables)["unlikeTrack"]
        assert messages(payload) == [
            {"kind": "ERROR", "message": "Like not found", "field": "trackId", "code": "not_found"}
        ]
        track.refresh_from_db()
        assert track.likes == 0

    def test_has_liked(self, gql, track, alice, bob):
        services.like_create(actor=bob, track=track)
        query = "query($t: ID!, $u: ID!) { hasLiked(trackId: $t, userId: $u) }"
        assert gql.data(query, {"t": str(track.pk), "u": str(bob.pk)}) == {"hasLiked": True}
        assert gql.data(query, {"t": str(track.pk), "u": str(alice.pk)}) == {"hasLiked": False}
        for variables, code in (
            ({"t": "zzz", "u": "zzz"}, "invalid"),
            ({"t": str(track.pk), "u": "zzz"}, "invalid"),
            ({"t": "0" * 32, "u": str(bob.pk)}, "not_found"),
            ({"t": str(track.pk), "u": "0" * 32}, "not_found"),
        ):
            body = gql.execute(query, variables)
            assert body["data"] == {"hasLiked": None}
            assert body["errors"][0]["extensions"]["code"] == code

    def test_likes_of_a_track_and_of_a_user(self, gql, track, alice, bob, make_track):
        other = make_track(owner=alice, title="Other")
        services.like_create(actor=bob, track=track)
        services.like_create(actor=bob, track=other)
        services.like_create(actor=alice, track=track)
        query = """query($t: ID!, $u: ID!) { trackLikes(trackId: $t) { user { username } }
            userLikes(userId: $u) { track { title } }
            user(id: $u) { likedTracks { title } } }"""
        assert gql.data(query, {"t": str(track.pk), "u": str(bob.pk)}) == {
            "trackLikes": [{"user": {"username": "alice"}}, {"user": {"username": "bob"}}],
            "userLikes": [{"track": {"title": "Other"}}, {"track": {"title": "Summer Vibes"}}],
            "user": {"likedTracks": [{"title": "Other"}, {"title": "Summer Vibes"}]},
        }

    def test_liked_tracks_page(self, gql, bob, alice, make_track):
        for n in range(3):
            services.like_create(actor=bob, track=make_track(owner=alice, title=f"t{n}"))
        query = "query($u: ID!) { user(id: $u) { likedTracks(limit: 1, offset: 1) { title } } }"
        assert gql.data(query, {"u": str(bob.pk)}) == {"user": {"likedTracks": [{"title": "t1"}]}}
        lists = "{ users { username likedTracks(limit: 2) { title } } }"
        assert gql.data(lists)["users"] == [
            {"username": "alice", "likedTracks": []},
            {"username": "bob", "likedTracks": [{"title": "t2"}, {"title": "t1"}]},
        ]

    def test_likes_of_a_hidden_draft_track_are_not_found(self, gql, alice, make_track):
        draft = make_track(owner=alice, published=False)
        body = gql.execute(
            "query($t: ID!) { trackLikes(trackId: $t) { id } }", {"t": str(draft.pk)}
        )
        assert body["data"] is None
        assert body["errors"][0]["message"] == "Track not found"
        assert body["errors"][0]["extensions"] == {"code": "not_found"}


class TestFollows:
    def test_follow_is_idempotent(self, gql, alice, bob):
        gql.login(bob)
        variables = {"user": str(alice.pk)}
        expected = {
            "follower": {"username": "bob"},
            "following": {"username": "alice", "followerCount": 1},
        }
        assert gql.data(FOLLOW, variables)["followUser"] == expected
        assert gql.data(FOLLOW, variables)["followUser"] == expected
        assert Follow.objects.count() == 1

    def test_following_oneself_is_refused(self, gql, alice):
        gql.login(alice)
        payload = gql.data(FOLLOW, {"user": str(alice.pk)})["followUser"]
        assert kinds(payload) == [("VALIDATION", None, "invalid")]
        assert not Follow.objects.exists()

    def test_following_an_unknown_user_or_without_a_token(self, gql, alice, bob):
        gql.login(bob)
        unknown = gql.data(FOLLOW, {"user": "0" * 32})["followUser"]
        assert kinds(unknown) == [("ERROR", "userId", "not_found")]
        named = (
            "mutation($u: ID!, $f: ID) { followUser(userId: $u, followerId: $f) { __typename } }"
        )
        body = gql.execute(named, {"u": str(bob.pk), "f": str(alice.pk)})
        assert body["data"] is None
        assert body["errors"][0]["message"].startswith(
            "Unknown argument 'followerId' on field 'Mutation.followUser'."
        )
        gql.logout()
        anonymous = gql.data(FOLLOW, {"user": str(alice.pk)})["followUser"]
        assert kinds(anonymous) == [("PERMISSION", None, "unauthenticated")]
        assert not Follow.objects.exists()

    def test_unfollow(self, gql, alice, bob):
        services.follow_create(actor=bob, following=alice)
        gql.login(bob)
        variables = {"user": str(alice.pk)}
        assert gql.data(UNFOLLOW, variables)["unfollowUser"] == {
            "username": "alice",
            "followerCount": 0,
        }
        again = gql.data(UNFOLLOW, variables)["unfollowUser"]
        assert kinds(again) == [("ERROR", "userId", "not_found")]

    def test_is_following(self, gql, alice, bob):
        services.follow_create(actor=bob, following=alice)
        query = "query($u: ID!, $f: ID!) { isFollowing(userId: $u, followerId: $f) }"
        assert gql.data(query, {"u": str(alice.pk), "f": str(bob.pk)}) == {"isFollowing": True}
        assert gql.data(query, {"u": str(bob.pk), "f": str(alice.pk)}) == {"isFollowing": False}
        for variables, code in (
            ({"u": "x", "f": str(alice.pk)}, "invalid"),
            ({"u": str(alice.pk), "f": "yyy"}, "invalid"),
            ({"u": "0" * 32, "f": str(bob.pk)}, "not_found"),
            ({"u": str(alice.pk), "f": "0" * 32}, "not_found"),
        ):
            body = gql.execute(query, variables)
            assert body["data"] == {"isFollowing": None}
            assert body["errors"][0]["extensions"]["code"] == code


class TestComments:
    def test_add_comment(self, gql, track, bob):
        gql.login(bob)
        variables = {
            "track": str(track.pk),
            "body": "  Love it ",
            "position": 12.5,
        }
        assert gql.data(COMMENT, variables)["addComment"] == {
            "body": "Love it",
            "position": 12.5,
            "user": {"username": "bob"},
            "track": {"title": "Summer Vibes"},
        }

    @pytest.mark.parametrize(
        ("body", "position", "field"),
        [(" ", None, "body"), ("x" * 2001, None, "body"), ("ok", 201.0, "position")],
    )
    def test_invalid_comment_changes_nothing(self, gql, track, bob, body, position, field):
        gql.login(bob)
        variables = {
            "track": str(track.pk),
            "body": body,
            "position": position,
        }
        payload = gql.data(COMMENT, variables)["addComment"]
        assert [(m["kind"], m["field"]) for m in messages(payload)] == [("VALIDATION", field)]
        assert not Comment.objects.exists()

    def test_delete_comment_by_author_or_track_owner(self, gql, track, alice, bob, make_user):
        first = services.comment_create(actor=bob, track=track, body="one")
        second = services.comment_create(actor=bob, track=track, body="two")
        gql.login(bob)
        assert gql.data(DELETE_COMMENT, {"id": str(first.pk)}) == {
            "deleteComment": {"id": str(first.pk)}
        }
        gql.login(alice)
        assert gql.data(DELETE_COMMENT, {"id": str(second.pk)}) == {
            "deleteComment": {"id": str(second.pk)}
        }
        assert not Comment.objects.exists()

    def test_delete_comment_by_someone_else_is_refused(self, gql, track, bob, make_user):
        comment = services.comment_create(actor=bob, track=track, body="mine")
        gql.login(make_user())
        payload = gql.data(DELETE_COMMENT, {"id": str(comment.pk)})["deleteComment"]
        assert kinds(payload) == [("PERMISSION", None, "permission_denied")]
        assert Comment.objects.filter(pk=comment.pk).exists()
        unknown = gql.data(DELETE_COMMENT, {"id": "0" * 32})["deleteComment"]
        assert kinds(unknown) == [("ERROR", "id", "not_found")]
        malformed = gql.data(DELETE_COMMENT, {"id": "nope"})["deleteComment"]
        assert kinds(malformed) == [("VALIDATION", "id", "invalid")]

    def test_comments_of_a_track_and_of_a_user(self, gql, track, alice, bob, make_track):
        draft = make_track(owner=alice, published=False)
        services.comment_create(actor=bob, track=track, body="first")
        services.comment_create(actor=alice, track=track, body="second")
        services.comment_create(actor=bob, track=draft, body="on a draft")
        query = """query($t: ID!, $u: ID!) {
            track(id: $t) { commentCount comments { body } }
            trackComments(trackId: $t) { body user { username } }
            trackCommentsConnection(trackId: $t, first: 1) {
                totalCount pageInfo { hasNextPage } edges { node { body } } }
            userComments(userId: $u) { body track { title } } }"""
        assert gql.data(query, {"t": str(track.pk), "u": str(bob.pk)}) == {
            "track": {"commentCount": 2, "comments": [{"body": "second"}, {"body": "first"}]},
            "trackComments": [
                {"body": "second", "user": {"username": "alice"}},
                {"body": "first", "user": {"username": "bob"}},
            ],
            "trackCommentsConnection": {
                "totalCount": 2,
                "pageInfo": {"hasNextPage": True},
                "edges": [{"node": {"body": "second"}}],
            },
            "userComments": [{"body": "first", "track": {"title": "Summer Vibes"}}],
        }
        gql.login(alice)
        data = gql.data(query, {"t": str(track.pk), "u": str(bob.pk)})
        assert [c["body"] for c in data["userComments"]] == ["on a draft", "first"]
        assert Track.objects.count() == 2


LIKES_SEEN = """query($u: ID!) { userLikes(userId: $u) { track { title } }
    user(id: $u) { likedTracks { title } }
    users { username likedTracks { title } } }"""


@pytest.mark.parametrize(
    ("who", "titles"),
    [(None, ["Out"]), ("bob", ["Out"]), ("alice", ["Draft", "Out"]), ("staff", ["Draft", "Out"])],
)
def test_likes_of_drafts_are_seen_by_their_owner_and_staff(
    gql, alice, bob, make_user, make_track, who, titles
):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    out = make_track(owner=alice, title="Out")
    draft = make_track(owner=alice, title="Draft")
    services.like_create(actor=bob, track=out)
    services.like_create(actor=bob, track=draft)
    Track.objects.filter(pk=draft.pk).update(published=False)
    if who is not None:
        gql.login({"alice": alice, "bob": bob, "staff": staff}[who])
    data = gql.data(LIKES_SEEN, {"u": str(bob.pk)})
    # The single user's likes and every user's (prefetched per user) agree.
    assert [like["track"]["title"] for like in data["userLikes"]] == titles
    assert [t["title"] for t in data["user"]["likedTracks"]] == titles
    liked = {u["username"]: [t["title"] for t in u["likedTracks"]] for u in data["users"]}
    assert liked == {"staff": [], "bob": titles, "alice": []}


@pytest.mark.parametrize(("who", "titles"), [("bob", ["Out"]), ("staff", ["Draft", "Out"])])
def test_liked_tracks_of_a_mutation_payload_hide_drafts_too(
    gql, alice, bob, make_user, make_track, who, titles
):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    out = make_track(owner=alice, title="Out")
    draft = make_track(owner=alice, title="Draft")
    services.like_create(actor=bob, track=out)
    services.like_create(actor=bob, track=draft)
    Track.objects.filter(pk=draft.pk).update(published=False)
    gql.login({"bob": bob, "staff": staff}[who])
    mutation = """mutation($u: ID!) { updateUser(id: $u, input: {bio: "hi"}) {
        ... on User { likedTracks { title } } } }"""
    payload = gql.data(mutation, {"u": str(bob.pk)})["updateUser"]
    assert [t["title"] for t in payload["likedTracks"]] == titles

"""Who may write what through GraphQL with MUSEWAVE_REQUIRE_AUTH on: anonymous, another user,
the owner and staff, for every owned resource; a refused mutation changes nothing."""

import pytest
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import Album, Comment, Download, Follow, Like, Play, Track, User
from tests.graphql.conftest import OPERATION_INFO

ANY = f"__typename {OPERATION_INFO}"


@pytest.fixture
def world(alice, bob, make_user, make_track, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    track = make_track(owner=alice, title="Original")
    album = services.album_create(
        actor=alice, title="Original", artist="Alice", genre="pop", release_date=timezone.now()
    )
    comment = services.comment_create(actor=alice, track=track, body="Original")
    return {"alice": alice, "bob": bob, "staff": staff, "track": track, "album": album,
            "comment": comment}  # fmt: skip


def as_user(gql, world, who: str | None) -> None:
    gql.headers = {}
    if who is not None:
        access = RefreshToken.for_user(User.objects.get(pk=world[who].pk)).access_token
        gql.headers = {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def state(world) -> tuple:
    return (
        User.objects.get(pk=world["alice"].pk).bio,
        Track.objects.filter(pk=world["track"].pk).values_list("title", flat=True).first(),
        Album.objects.filter(pk=world["album"].pk).values_list("title", flat=True).first(),
        Comment.objects.filter(pk=world["comment"].pk).exists(),
    )


EDITS = {
    "updateUser": 'updateUser(id: "{alice}", input: {{bio: "changed"}})',
    "updateTrack": 'updateTrack(id: "{track}", input: {{title: "changed"}})',
    "deleteTrack": 'deleteTrack(id: "{track}")',
    "updateAlbum": 'updateAlbum(id: "{album}", input: {{title: "changed"}})',
    "deleteAlbum": 'deleteAlbum(id: "{album}")',
    "deleteComment": 'deleteComment(id: "{comment}")',
}


def run(gql, world, template: str) -> dict:
    ids = {k: v.pk for k, v in world.items()}
    field = template.format(**ids)
    return gql.data(f"mutation {{ result: {field} {{ {ANY} }} }}")["result"]


@pytest.mark.parametrize("mutation", sorted(EDITS))
@pytest.mark.parametrize(
    ("who", "kind"), [(None, "PERMISSION"), ("bob", "PERMISSION"), ("alice", None), ("staff", None)]
)
def test_owner_only_edits(gql, world, mutation, who, kind):
    before = state(world)
    as_user(gql, world, who)
    result = run(gql, world, EDITS[mutation])
    if kind is None:
        assert result["__typename"] != "OperationInfo", result
        assert state(world) != before
    else:
        assert result["__typename"] == "OperationInfo"
        assert [m["kind"] for m in result["messages"]] == [kind]
        assert state(world) == before


ACTS = {
    "likeTrack": 'likeTrack(trackId: "{track}", userId: "{alice}")',
    "followUser": 'followUser(userId: "{bob}", followerId: "{alice}")',
    "addComment": 'addComment(trackId: "{track}", body: "hi", userId: "{alice}")',
    "createTrack": (
        'createTrack(userId: "{alice}", input: {{title: "New", artist: "A", artistSlug: "a", '
        'genre: "pop", audioUrl: "https://a.example/a.mp3", audioFileSize: 10, audioDuration: 1.5, '
        'audioFormat: "mp3"}})'
    ),
    "createAlbum": (
        'createAlbum(userId: "{alice}", input: {{title: "New", artist: "A", genre: "pop", '
        'releaseDate: "2026-01-01T00:00:00Z"}})'
    ),
}


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Like, Follow, Comment, Track, Album))


@pytest.mark.parametrize("mutation", sorted(ACTS))
@pytest.mark.parametrize(("who", "allowed"), [(None, False), ("bob", False), ("alice", True)])
def test_acting_for_someone_needs_their_token(gql, world, mutation, who, allowed):
    before = counts()
    as_user(gql, world, who)
    result = run(gql, world, ACTS[mutation])
    if allowed:
        assert result["__typename"] != "OperationInfo", result
        assert counts() != before
    else:
        assert result["__typename"] == "OperationInfo"
        assert result["messages"][0]["kind"] == "PERMISSION"
        assert counts() == before


def test_anonymous_plays_and_downloads_stay_open(gql, world):
    track = world["track"]
    play = run(gql, world, 'recordPlay(trackId: "{track}", duration: 3)')
    download = run(gql, world, 'recordDownload(trackId: "{track}")')
    assert (play["__typename"], download["__typename"]) == ("Play", "Download")
    track.refresh_from_db()
    assert (track.plays, track.downloads) == (1, 1)
    assert Play.objects.get().user_id is None
    assert Download.objects.get().user_id is None


UNDOS = {
    "unlikeTrack": 'unlikeTrack(trackId: "{track}", userId: "{bob}")',
    "unfollowUser": 'unfollowUser(userId: "{alice}", followerId: "{bob}")',
}
ARGUMENT = {"unlikeTrack": "userId", "unfollowUser": "followerId"}


def social_state(world) -> tuple:
    return (
        Like.objects.filter(track=world["track"], user=world["bob"]).count(),
        Track.objects.get(pk=world["track"].pk).likes,
        Follow.objects.filter(follower=world["bob"], following=world["alice"]).count(),
    )


def refusal(who: str | None, argument: str) -> list[dict]:
    """The one message of a mutation refused because `argument` names someone else."""
    if who is None:
        message, code = "Authentication credentials were not provided.", "unauthenticated"
    else:
        message, code = f"{argument} must be the authenticated user.", "permission_denied"
    return [{"kind": "PERMISSION", "message": message, "field": None, "code": code}]


@pytest.mark.parametrize("mutation", sorted(UNDOS))
@pytest.mark.parametrize("who", [None, "alice", "staff"])
def test_undoing_someone_elses_like_or_follow_is_refused(gql, world, mutation, who):
    services.like_create(actor=world["bob"], track=world["track"])
    services.follow_create(actor=world["bob"], following=world["alice"])
    before = social_state(world)
    assert before == (1, 1, 1)
    as_user(gql, world, who)
    result = run(gql, world, UNDOS[mutation])
    assert result["__typename"] == "OperationInfo"
    assert result["messages"] == refusal(who, ARGUMENT[mutation])
    assert social_state(world) == before


@pytest.mark.parametrize(
    ("mutation", "typename", "after"),
    [("unlikeTrack", "Track", (0, 0, 1)), ("unfollowUser", "User", (1, 1, 0))],
)
def test_undoing_ones_own_like_or_follow_is_allowed(gql, world, mutation, typename, after):
    services.like_create(actor=world["bob"], track=world["track"])
    services.follow_create(actor=world["bob"], following=world["alice"])
    as_user(gql, world, "bob")
    result = run(gql, world, UNDOS[mutation])
    assert result["__typename"] == typename
    assert social_state(world) == after


LISTENS = {
    "recordPlay": 'recordPlay(trackId: "{track}", userId: "{alice}", duration: 3)',
    "recordDownload": 'recordDownload(trackId: "{track}", userId: "{alice}")',
}


def listening_state(world) -> tuple:
    track = Track.objects.get(pk=world["track"].pk)
    return (Play.objects.count(), Download.objects.count(), track.plays, track.downloads)


@pytest.mark.parametrize("mutation", sorted(LISTENS))
@pytest.mark.parametrize("who", [None, "bob", "staff"])
def test_recording_a_listen_for_someone_else_is_refused(gql, world, mutation, who):
    as_user(gql, world, who)
    result = run(gql, world, LISTENS[mutation])
    assert result["__typename"] == "OperationInfo"
    assert result["messages"] == refusal(who, "userId")
    assert listening_state(world) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("mutation", "typename", "model", "after"),
    [
        ("recordPlay", "Play", Play, (1, 0, 1, 0)),
        ("recordDownload", "Download", Download, (0, 1, 0, 1)),
    ],
)
def test_recording_ones_own_listen_is_allowed(gql, world, mutation, typename, model, after):
    as_user(gql, world, "alice")
    result = run(gql, world, LISTENS[mutation])
    assert result["__typename"] == typename
    assert listening_state(world) == after
    assert model.objects.get().user_id == world["alice"].pk


def test_a_token_users_listens_are_recorded_as_theirs(gql, world):
    as_user(gql, world, "bob")
    play = run(gql, world, 'recordPlay(trackId: "{track}", duration: 3)')
    download = run(gql, world, 'recordDownload(trackId: "{track}")')
    assert (play["__typename"], download["__typename"]) == ("Play", "Download")
    assert Play.objects.get().user_id == Download.objects.get().user_id == world["bob"].pk


def test_signing_up_needs_no_token(gql, world):
    users_before = User.objects.count()
    result = gql.data(
        'mutation { createUser(input: {username: "carol", email: "carol@example.com", '
        'password: "Str0ng-Passw0rd!"}) { ... on User { username email } ' + OPERATION_INFO + " } }"
    )["createUser"]
    # The new user is not the viewer (there is none), so the email stays hidden.
    assert result == {"username": "carol", "email": None}
    assert User.objects.count() == users_before + 1
    assert User.objects.get(username="carol").check_password("Str0ng-Passw0rd!")

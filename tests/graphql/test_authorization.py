"""Who may write what through GraphQL with MUSEWAVE_REQUIRE_AUTH on: anonymous, another user,
the owner and staff, for every owned resource; a refused mutation changes nothing."""

import pytest
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.models import Album, Comment, Follow, Like, Track, User
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
        'genre: "pop", audioUrl: "https://x/a.mp3", audioFileSize: 10, audioDuration: 1.5, '
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

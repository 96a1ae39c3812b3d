"""Who may write what through GraphQL, in either mode of MUSEWAVE_REQUIRE_AUTH (GraphQL takes
the acting user only from the token): anonymous, another user, the owner and staff, for every
owned resource; a refused mutation changes nothing."""

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
def test_owner_only_edits(gql, world, either_mode, mutation, who, kind):
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
    "likeTrack": 'likeTrack(trackId: "{track}")',
    "followUser": 'followUser(userId: "{staff}")',
    "addComment": 'addComment(trackId: "{track}", body: "hi")',
    "createTrack": (
        'createTrack(input: {{title: "New", artist: "A", artistSlug: "a", '
        'genre: "pop", audioUrl: "https://a.example/a.mp3", audioFileSize: 10, audioDuration: 1.5, '
        'audioFormat: "mp3"}})'
    ),
    "createAlbum": (
        'createAlbum(input: {{title: "New", artist: "A", genre: "pop", '
        'releaseDate: "2026-01-01T00:00:00Z"}})'
    ),
}
# What each of those creates, and who it belongs to.
CREATED = {
    "likeTrack": (Like, "user_id"),
    "followUser": (Follow, "follower_id"),
    "addComment": (Comment, "user_id"),
    "createTrack": (Track, "owner_id"),
    "createAlbum": (Album, "owner_id"),
}
UNAUTHENTICATED = [
    {
        "kind": "PERMISSION",
        "message": "Authentication credentials were not provided.",
        "field": None,
        "code": "unauthenticated",
    }
]


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Like, Follow, Comment, Track, Album))


@pytest.fixture(params=[True, False], ids=["auth-required", "legacy-mode"])
def either_mode(request, settings):
    """GraphQL takes the actor from the token in both modes of the deployment."""
    settings.MUSEWAVE_REQUIRE_AUTH = request.param


@pytest.mark.parametrize("mutation", sorted(ACTS))
@pytest.mark.parametrize("who", [None, "bob", "alice"])
def test_the_actor_is_the_signed_in_user(gql, world, either_mode, mutation, who):
    before = counts()
    as_user(gql, world, who)
    result = run(gql, world, ACTS[mutation])
    if who is None:
        assert result["__typename"] == "OperationInfo"
        assert result["messages"] == UNAUTHENTICATED
        assert counts() == before
    else:
        assert result["__typename"] != "OperationInfo", result
        model, owner = CREATED[mutation]
        newest = model.objects.order_by("-created_at").values_list(owner, flat=True).first()
        assert newest == world[who].pk


# Every argument that used to name the acting user.
NAMED_ACTORS = {
    "likeTrack": 'likeTrack(trackId: "{track}", userId: "{alice}")',
    "unlikeTrack": 'unlikeTrack(trackId: "{track}", userId: "{alice}")',
    "followUser": 'followUser(userId: "{bob}", followerId: "{alice}")',
    "unfollowUser": 'unfollowUser(userId: "{bob}", followerId: "{alice}")',
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
    "recordPlay": 'recordPlay(trackId: "{track}", userId: "{alice}", duration: 3)',
    "recordDownload": 'recordDownload(trackId: "{track}", userId: "{alice}")',
}


@pytest.mark.parametrize("mutation", sorted(NAMED_ACTORS))
@pytest.mark.parametrize("who", [None, "alice"])
def test_no_mutation_takes_the_actor_from_an_argument(
    gql, world, either_mode, mutation, who, django_assert_num_queries
):
    as_user(gql, world, who)
    before = (counts(), listening_state(world))
    field = NAMED_ACTORS[mutation].format(**{k: v.pk for k, v in world.items()})
    argument = "followerId" if "followerId" in field else "userId"
    # Only the token's user is looked up; the document is refused before it runs.
    with django_assert_num_queries(0 if who is None else 1):
        body = gql.execute(f"mutation {{ result: {field} {{ {ANY} }} }}")
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [
        f"Unknown argument '{argument}' on field 'Mutation.{mutation}'."
    ]
    assert (counts(), listening_state(world)) == before


def test_the_schema_has_no_acting_user_argument(gql, world):
    query = '{ __type(name: "Mutation") { fields { name args { name } } } }'
    fields = gql.data(query)["__type"]["fields"]
    actors = {"userId", "followerId", "ownerId", "listenerId", "actorId", "authorId"}
    named = {(f["name"], a["name"]) for f in fields for a in f["args"] if a["name"] in actors}
    # These name the user followed, not the one who acts.
    assert named == {("followUser", "userId"), ("unfollowUser", "userId")}


def test_anonymous_plays_and_downloads_stay_open(gql, world, either_mode):
    track = world["track"]
    play = run(gql, world, 'recordPlay(trackId: "{track}", duration: 3)')
    download = run(gql, world, 'recordDownload(trackId: "{track}")')
    assert (play["__typename"], download["__typename"]) == ("Play", "Download")
    track.refresh_from_db()
    assert (track.plays, track.downloads) == (1, 1)
    assert Play.objects.get().user_id is None
    assert Download.objects.get().user_id is None


UNDOS = {
    "unlikeTrack": 'unlikeTrack(trackId: "{track}")',
    "unfollowUser": 'unfollowUser(userId: "{alice}")',
}
# What is not there, reported on the argument that named it.
NOT_FOUND = {
    "unlikeTrack": ("Like not found", "trackId"),
    "unfollowUser": ("Follow not found", "userId"),
}


def social_state(world) -> tuple:
    return (
        Like.objects.filter(track=world["track"], user=world["bob"]).count(),
        Track.objects.get(pk=world["track"].pk).likes,
        Follow.objects.filter(follower=world["bob"], following=world["alice"]).count(),
    )


@pytest.mark.parametrize("mutation", sorted(UNDOS))
@pytest.mark.parametrize("who", [None, "alice", "staff"])
def test_undoing_someone_elses_like_or_follow_is_not_possible(
    gql, world, either_mode, mutation, who
):
    services.like_create(actor=world["bob"], track=world["track"])
    services.follow_create(actor=world["bob"], following=world["alice"])
    before = social_state(world)
    assert before == (1, 1, 1)
    as_user(gql, world, who)
    result = run(gql, world, UNDOS[mutation])
    assert result["__typename"] == "OperationInfo"
    if who is None:
        assert result["messages"] == UNAUTHENTICATED
    else:
        # Signed in, one undoes only one's own like or follow, and there is none.
        message, field = NOT_FOUND[mutation]
        assert result["messages"] == [
            {"kind": "ERROR", "message": message, "field": field, "code": "not_found"}
        ]
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


def listening_state(world) -> tuple:
    track = Track.objects.get(pk=world["track"].pk)
    return (Play.objects.count(), Download.objects.count(), track.plays, track.downloads)


def test_a_token_users_listens_are_recorded_as_theirs(gql, world, either_mode):
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

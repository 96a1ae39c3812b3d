"""Every mutation reports a malformed or unknown id on the argument that carried it, by its
GraphQL name (`id` where the argument is `id`), and changes nothing."""

import pytest

from musewave import services
from musewave.models import Album, Comment, Follow, Like, Track, User

from .conftest import OPERATION_INFO, messages

pytestmark = pytest.mark.django_db

UNKNOWN = "00000000-0000-0000-0000-000000000000"

# (mutation with its arguments, the id argument, the message for an unknown id)
MUTATIONS = [
    ('updateTrack(id: $id, input: {title: "x"}) { ... on Track { id }', "id", "Track not found"),
    ("deleteTrack(id: $id) { ... on Deleted { id }", "id", "Track not found"),
    ('updateAlbum(id: $id, input: {title: "x"}) { ... on Album { id }', "id", "Album not found"),
    ("deleteAlbum(id: $id) { ... on Deleted { id }", "id", "Album not found"),
    ('updateUser(id: $id, input: {bio: "x"}) { ... on User { id }', "id", "User not found"),
    ("deleteComment(id: $id) { ... on Deleted { id }", "id", "Comment not found"),
    ("likeTrack(trackId: $id) { ... on Like { id }", "trackId", "Track not found"),
    ("unlikeTrack(trackId: $id) { ... on Track { id }", "trackId", "Track not found"),
    ("followUser(userId: $id) { ... on Follow { id }", "userId", "User not found"),
    ("unfollowUser(userId: $id) { ... on User { id }", "userId", "User not found"),
    ('addComment(trackId: $id, body: "hi") { ... on Comment { id }', "trackId", "Track not found"),
]


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Track, Album, User, Comment, Like, Follow))


@pytest.mark.parametrize(("selection", "argument", "not_found"), MUTATIONS)
def test_a_bad_id_is_reported_on_its_argument(gql, track, alice, selection, argument, not_found):
    gql.login(alice)
    name = selection.split("(")[0]
    query = f"mutation($id: ID!) {{ result: {selection} {OPERATION_INFO} }} }}"
    before = _counts()
    unknown = messages(gql.data(query, {"id": UNKNOWN})["result"])
    assert unknown == [
        {"kind": "ERROR", "message": not_found, "field": argument, "code": "not_found"}
    ], name
    malformed = messages(gql.data(query, {"id": "nope"})["result"])
    assert malformed == [
        {
            "kind": "VALIDATION",
            "message": "“nope” is not a valid UUID.",
            "field": argument,
            "code": "invalid",
        }
    ], name
    assert _counts() == before
    assert Track.objects.get(pk=track.pk).title == track.title


# (mutation, the argument that names what is not there, the message): every id is well-formed,
# and each names something, but not what the mutation needs.
ABSENT = [
    ("unlikeTrack(trackId: $track) { ... on Track { id }", "trackId", "Like not found"),
    ("unrepostTrack(trackId: $track) { ... on Track { id }", "trackId", "Repost not found"),
    ("unfollowUser(userId: $user) { ... on User { id }", "userId", "Follow not found"),
    (
        "removePlaylistItem(playlistId: $playlist, itemId: $unknown) { ... on Playlist { id }",
        "itemId",
        "Playlist item not found",
    ),
    (
        "movePlaylistItem(playlistId: $playlist, itemId: $unknown, position: 0)"
        " { ... on Playlist { id }",
        "itemId",
        "Playlist item not found",
    ),
]


@pytest.mark.parametrize(("selection", "argument", "not_found"), ABSENT)
def test_what_is_not_there_is_reported_on_the_argument_that_named_it(
    gql, track, alice, bob, selection, argument, not_found
):
    playlist = services.playlist_create(actor=alice, title="Mix")
    ids = {"track": track.pk, "user": bob.pk, "playlist": playlist.pk, "unknown": UNKNOWN}
    variables = {name: str(value) for name, value in ids.items() if f"${name}" in selection}
    declared = ", ".join(f"${name}: ID!" for name in variables)
    query = f"mutation({declared}) {{ result: {selection} {OPERATION_INFO} }} }}"
    gql.login(alice)
    before = _counts()
    assert messages(gql.data(query, variables)["result"]) == [
        {"kind": "ERROR", "message": not_found, "field": argument, "code": "not_found"}
    ]
    assert _counts() == before

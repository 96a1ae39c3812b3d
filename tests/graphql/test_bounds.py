"""Bounds of numbers and sizes, and the URL schemes of tracks, in the GraphQL API: an
`OperationInfo` on the field, and a refused mutation changes nothing."""

import pytest

from musewave.models import Album, Play, Track

from .conftest import OPERATION_INFO, messages

pytestmark = pytest.mark.django_db

PLAY = (
    "mutation($track: ID!, $duration: Float) { recordPlay(trackId: $track, duration: $duration)"
    " { ... on Play { duration } " + OPERATION_INFO + " } }"
)
STATS = "query($t: ID!) { trackStats(trackId: $t) { totalPlays avgListenDuration } }"
CREATE = (
    "mutation($input: CreateTrackInput!) { createTrack(input: $input)"
    " { ... on Track { id } " + OPERATION_INFO + " } }"
)
UPDATE = (
    "mutation($id: ID!, $input: UpdateTrackInput!) { updateTrack(id: $id, input: $input)"
    " { ... on Track { id } " + OPERATION_INFO + " } }"
)
CREATE_ALBUM = (
    "mutation($input: CreateAlbumInput!) { createAlbum(input: $input)"
    " { ... on Album { id } " + OPERATION_INFO + " } }"
)
NEW_TRACK = {
    "title": "Night Drive",
    "artist": "Alice",
    "artistSlug": "alice",
    "genre": "synthwave",
    "audioUrl": "https://cdn.example.com/night.mp3",
    "audioFileSize": 5_000_000,
    "audioDuration": 180.5,
    "audioFormat": "mp3",
}


def _invalid(field: str, message: str) -> list[dict]:
    return [{"kind": "VALIDATION", "message": message, "field": field, "code": "invalid"}]


@pytest.mark.parametrize("duration", [1e200, 205.5])
def test_a_play_longer_than_its_track_is_refused_and_stats_stay_sound(gql, track, duration):
    payload = gql.data(PLAY, {"track": str(track.pk), "duration": duration})["recordPlay"]
    assert messages(payload) == _invalid(
        "duration", "Ensure this value is less than or equal to 205.0."
    )
    assert not Play.objects.exists()
    assert Track.objects.get(pk=track.pk).plays == 0
    assert gql.data(STATS, {"t": str(track.pk)})["trackStats"] == {
        "totalPlays": 0,
        "avgListenDuration": 0.0,
    }


OUT_OF_RANGE = [
    (
        {"audioDuration": 86401.0},
        "audioDuration",
        "Ensure this value is less than or equal to 86400.0.",
    ),
    ({"bpm": 1000}, "bpm", "Ensure this value is less than or equal to 999."),
    (
        {"audioFileSize": 4 * 1024**3 + 1},
        "audioFileSize",
        "Ensure this value is less than or equal to 4294967296.",
    ),
    ({"description": "d" * 5001}, "description", "Ensure this value has at most 5000 characters."),
    ({"waveformData": "w" * 65537}, "waveformData", "Ensure this value has at most 65536 bytes."),
    ({"tags": [f"t{i}" for i in range(31)]}, "tags", "A track has at most 30 tags."),
    ({"audioUrl": "javascript:alert(1)"}, "audioUrl", "Enter a valid http:// or https:// URL."),
    (
        # A data: URL is an upload; one that is not a base64 file is refused on its field.
        {"coverUrl": "data:text/html,<script>"},
        "coverUrl",
        "Enter a valid data: URL of the form data:<type>;base64,<data>.",
    ),
    ({"coverUrl": "//evil.example/c.png"}, "coverUrl", "Enter a valid http:// or https:// URL."),
    ({"audioUrl": "file:///etc/passwd"}, "audioUrl", "Enter a valid http:// or https:// URL."),
]


@pytest.mark.parametrize(("fields", "field", "message"), OUT_OF_RANGE)
def test_create_track_out_of_bounds(gql, alice, fields, field, message):
    gql.login(alice)
    payload = gql.data(CREATE, {"input": {**NEW_TRACK, **fields}})["createTrack"]
    assert messages(payload) == _invalid(field, message)
    assert not Track.objects.exists()


@pytest.mark.parametrize(("fields", "field", "message"), OUT_OF_RANGE)
def test_update_track_out_of_bounds(gql, alice, track, fields, field, message):
    gql.login(alice)
    before = Track.objects.filter(pk=track.pk).values().get()
    payload = gql.data(UPDATE, {"id": str(track.pk), "input": fields})["updateTrack"]
    assert messages(payload) == _invalid(field, message)
    assert Track.objects.filter(pk=track.pk).values().get() == before


def test_album_description_is_bounded(gql, alice):
    gql.login(alice)
    album = {
        "title": "LP",
        "artist": "Alice",
        "genre": "pop",
        "releaseDate": "2026-01-01T00:00:00Z",
        "description": "d" * 5001,
    }
    payload = gql.data(CREATE_ALBUM, {"input": album})["createAlbum"]
    assert messages(payload) == _invalid(
        "description", "Ensure this value has at most 5000 characters."
    )
    assert not Album.objects.exists()

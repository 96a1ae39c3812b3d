"""Bounds of numbers and sizes, and the URL schemes of tracks, in the legacy REST API: refused
with 400 on the field, and a refused write changes nothing."""

import pytest

from musewave.models import Album, Play, Track

pytestmark = pytest.mark.django_db

NEW_TRACK = {
    "title": "Night Drive",
    "artist": "Alice",
    "artist_slug": "alice",
    "genre": "synthwave",
    "audio_url": "https://cdn.example.com/night.mp3",
    "audio_file_size": 5_000_000,
    "audio_duration": 180.5,
    "audio_format": "mp3",
}
BAD_URLS = [
    "javascript:alert(1)",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/a.mp3",
    "<script>alert(1)</script>",
    "ftp://cdn.example.com/a.mp3",
]
URL_ERROR = ["Enter a valid http:// or https:// URL."]
# A `data:` URL is an upload (tests/rest/test_uploads.py); one that is not base64 is refused.
DATA_URL_ERROR = ["Enter a valid data: URL of the form data:<type>;base64,<data>."]


def _row(track: Track) -> tuple:
    track.refresh_from_db()
    return (
        track.plays,
        track.bpm,
        track.tags,
        track.description,
        track.audio_url,
        track.updated_at,
    )


# --- Plays ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        (1e200, "Ensure this value is less than or equal to 205.0."),
        (205.01, "Ensure this value is less than or equal to 205.0."),
        (-1, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_a_play_longer_than_its_track_or_negative_is_refused(api, track, duration, message):
    response = api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": duration})
    assert response.status_code == 400
    assert response.json() == {"error": {"duration": [message]}}
    assert not Play.objects.exists()
    assert Track.objects.get(pk=track.pk).plays == 0
    stats = api.get(f"/musewave/tracks/{track.pk}/stats/")
    assert stats.status_code == 200
    assert stats.json()["avg_listen_duration"] == 0.0


def test_a_play_within_the_margin_is_kept_and_stats_stay_sound(api, track, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    for duration in (205.0, 195.0):
        response = api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": duration})
        assert response.status_code == 201
    stats = api.get(f"/musewave/tracks/{track.pk}/stats/").json()
    assert stats["avg_listen_duration"] == 200.0
    assert stats["completion_rate"] == 100.0


def test_a_play_of_a_track_of_unknown_length_lasts_at_most_a_day(api, make_track, alice, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    track = make_track(owner=alice, audio_duration=0.0)
    refused = api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": 86400.5})
    assert refused.status_code == 400
    assert refused.json() == {
        "error": {"duration": ["Ensure this value is less than or equal to 86400.0."]}
    }
    assert api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": 86400}).status_code == 201
    settings.MUSEWAVE_MAX_PLAY_SECONDS = 3600.0
    shorter = api.post(f"/musewave/tracks/{track.pk}/play/", {"duration": 3601})
    assert shorter.json() == {
        "error": {"duration": ["Ensure this value is less than or equal to 3600.0."]}
    }
    assert Play.objects.count() == 1


# --- Tracks: numbers, sizes and URLs on create and update -----------------------------------------

OUT_OF_RANGE = [
    ({"audio_duration": 86400.5}, "audio_duration", "less than or equal to 86400.0."),
    ({"audio_duration": 1e200}, "audio_duration", "less than or equal to 86400.0."),
    ({"bpm": 1000}, "bpm", "less than or equal to 999."),
    ({"audio_file_size": 4 * 1024**3 + 1}, "audio_file_size", "less than or equal to 4294967296."),
    ({"description": "d" * 5001}, "description", None),
    ({"waveform_data": "[" + "1," * 32768 + "1]"}, "waveform_data", None),
    ({"tags": [f"tag{i}" for i in range(31)]}, "tags", None),
    ({"tags": ["t" * 51]}, "tags", None),
]
MESSAGES = {
    "description": "Ensure this value has at most 5000 characters.",
    "waveform_data": "Ensure this value has at most 65536 bytes.",
}
TAG_MESSAGES = {31: "A track has at most 30 tags.", 1: "Each tag has at most 50 characters."}


def _expected(field, fields, suffix):
    if field == "tags":
        return TAG_MESSAGES[len(fields["tags"])]
    return MESSAGES.get(field) or f"Ensure this value is {suffix}"


@pytest.mark.parametrize(("fields", "field", "suffix"), OUT_OF_RANGE)
def test_track_create_out_of_bounds(api, alice, fields, field, suffix):
    body = {**NEW_TRACK, "user_id": str(alice.pk), **fields}
    response = api.post("/musewave/tracks/create/", body)
    assert response.status_code == 400
    assert response.json() == {"error": {field: [_expected(field, fields, suffix)]}}
    assert not Track.objects.exists()


@pytest.mark.parametrize(("fields", "field", "suffix"), OUT_OF_RANGE)
def test_track_update_out_of_bounds(api, track, fields, field, suffix):
    before = _row(track)
    response = api.patch(f"/musewave/tracks/{track.pk}/update/", fields)
    assert response.status_code == 400
    assert response.json() == {"error": {field: [_expected(field, fields, suffix)]}}
    assert _row(track) == before


def test_bounds_at_their_limits_are_accepted(api, track):
    at_limit = {
        "bpm": 999,
        "audio_duration": 86400.0,
        "description": "é" * 5000,
        "waveform_data": "x" * 65536,
        "tags": [f"{i:02d}" + "t" * 48 for i in range(30)],
    }
    response = api.patch(f"/musewave/tracks/{track.pk}/update/", at_limit)
    assert response.status_code == 200
    assert {k: response.json()[k] for k in at_limit} == at_limit


def test_bounds_follow_the_settings(api, track, settings):
    settings.MUSEWAVE_MAX_BPM = 200
    settings.MUSEWAVE_MAX_TAGS = 2
    response = api.patch(f"/musewave/tracks/{track.pk}/update/", {"bpm": 201})
    assert response.json() == {
        "error": {"bpm": ["Ensure this value is less than or equal to 200."]}
    }
    response = api.patch(f"/musewave/tracks/{track.pk}/update/", {"tags": ["a", "b", "c"]})
    assert response.json() == {"error": {"tags": ["A track has at most 2 tags."]}}


@pytest.mark.parametrize("field", ["audio_url", "cover_url"])
@pytest.mark.parametrize("url", BAD_URLS)
def test_track_urls_other_than_http_are_refused(api, alice, track, field, url):
    created = api.post(
        "/musewave/tracks/create/", {**NEW_TRACK, "user_id": str(alice.pk), field: url}
    )
    assert created.status_code == 400
    assert created.json() == {"error": {field: URL_ERROR}}
    assert Track.objects.count() == 1
    before = _row(track)
    updated = api.patch(f"/musewave/tracks/{track.pk}/update/", {field: url})
    assert updated.status_code == 400
    assert updated.json() == {"error": {field: URL_ERROR}}
    assert _row(track) == before
    track.refresh_from_db()
    assert track.cover_url is None


@pytest.mark.parametrize("field", ["audio_url", "cover_url"])
def test_a_data_url_that_is_not_a_base64_file_is_refused(api, alice, track, field):
    url = "data:text/html,<script>alert(1)</script>"
    created = api.post(
        "/musewave/tracks/create/", {**NEW_TRACK, "user_id": str(alice.pk), field: url}
    )
    assert created.status_code == 400
    assert created.json() == {"error": {field: DATA_URL_ERROR}}
    assert Track.objects.count() == 1
    before = _row(track)
    updated = api.patch(f"/musewave/tracks/{track.pk}/update/", {field: url})
    assert updated.status_code == 400
    assert updated.json() == {"error": {field: DATA_URL_ERROR}}
    assert _row(track) == before


@pytest.mark.parametrize("url", ["https://cdn.example.com/a.mp3", "http://localhost:8000/a.mp3"])
def test_http_and_https_track_urls_are_kept(api, track, url):
    response = api.patch(
        f"/musewave/tracks/{track.pk}/update/", {"audio_url": url, "cover_url": url}
    )
    assert response.status_code == 200
    assert (response.json()["audio_url"], response.json()["cover_url"]) == (url, url)


def test_cover_url_may_be_cleared(api, track):
    api.patch(
        f"/musewave/tracks/{track.pk}/update/", {"cover_url": "https://cdn.example.com/c.png"}
    )
    response = api.patch(f"/musewave/tracks/{track.pk}/update/", {"cover_url": None})
    assert response.status_code == 200
    assert response.json()["cover_url"] is None


# --- Albums --------------------------------------------------------------------------------------


def test_album_description_is_bounded_on_create_and_update(api, alice):
    body = {
        "user_id": str(alice.pk),
        "title": "LP",
        "artist": "Alice",
        "genre": "pop",
        "release_date": "2026-01-01T00:00:00Z",
    }
    too_long = {"error": {"description": ["Ensure this value has at most 5000 characters."]}}
    response = api.post("/musewave/albums", {**body, "description": "d" * 5001})
    assert (response.status_code, response.json()) == (400, too_long)
    assert not Album.objects.exists()
    album = api.post("/musewave/albums", {**body, "description": "short"}).json()
    response = api.patch(f"/musewave/albums/{album['id']}/update", {"description": "d" * 5001})
    assert (response.status_code, response.json()) == (400, too_long)
    assert Album.objects.get().description == "short"

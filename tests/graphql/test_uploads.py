"""GraphQL uploads (the multipart request spec): uploadTrack, cover in updateTrack, avatar
and header in updateUser, and what processing shows on Track."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from musewave.models import Track
from tests.conftest import stored_files
from tests.graphql.conftest import OPERATION_INFO
from tests.media import factories

UPLOAD = f"""
mutation($audio: Upload!, $cover: Upload, $input: UploadTrackInput) {{
  uploadTrack(audio: $audio, cover: $cover, input: $input) {{
    ... on Track {{
      id title artist genre audioFormat audioDuration audioFileSize coverUrl
      processingStatus processingError
      audio {{ codec bitrate sampleRate channels loudness truePeak replayGain }}
      waveform(points: 50)
    }}
    {OPERATION_INFO}
  }}
}}
"""


def multipart(query: str, variables: dict, files: dict[str, tuple[str, bytes]], user=None):
    """POST a GraphQL multipart request; `files` maps variable names to (file name, bytes)."""
    names = list(files)
    operations = {"query": query, "variables": {**variables, **dict.fromkeys(names)}}
    data = {
        "operations": json.dumps(operations),
        "map": json.dumps({str(i): [f"variables.{name}"] for i, name in enumerate(names)}),
    }
    for i, name in enumerate(names):
        data[str(i)] = SimpleUploadedFile(files[name][0], files[name][1])
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {RefreshToken.for_user(user).access_token}"
    response = Client().post("/graphql", data, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_upload_track_end_to_end(alice, run_on_commit):
    audio = factories.tagged("flac", factories.tone("flac", seconds=2), artist="Tagged")
    with run_on_commit():
        body = multipart(
            UPLOAD,
            {"input": {"title": "Given", "genre": "ambient"}},
            {"audio": ("take1.flac", audio), "cover": ("c.png", factories.image(fmt="PNG"))},
            user=alice,
        )
    assert "errors" not in body, body
    track = body["data"]["uploadTrack"]
    assert (track["title"], track["artist"], track["genre"]) == ("Given", "Tagged", "ambient")
    assert (track["audioFormat"], track["audioFileSize"]) == ("flac", len(audio))
    assert track["audioDuration"] == pytest.approx(2.0)
    assert track["coverUrl"].startswith("http://localhost:5000/media/covers/")
    # The response was built before processing ran; the track is ready now.
    query = """query($id: ID!) { track(id: $id) {
        processingStatus processingError waveform(points: 50)
        audio { codec sampleRate channels loudness truePeak replayGain } } }"""
    from tests.graphql.conftest import GraphQLClient

    gql = GraphQLClient()
    gql.login(alice)
    data = gql.data(query, {"id": track["id"]})["track"]
    assert data["processingStatus"] == "READY" and data["processingError"] is None
    assert len(data["waveform"]) == 50 and max(data["waveform"]) == 1.0
    assert data["audio"]["codec"] == "flac" and data["audio"]["sampleRate"] == 44100
    assert data["audio"]["loudness"] == pytest.approx(-20.0, abs=0.5)
    assert data["audio"]["replayGain"] == pytest.approx(2.0, abs=0.5)


def test_uploads_need_a_token(alice):
    # Without a token a multipart request is refused before anything runs.
    operations = {"query": UPLOAD, "variables": {"audio": None}}
    response = Client().post(
        "/graphql",
        {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.audio"]}),
            "0": SimpleUploadedFile("a.mp3", factories.tone("mp3")),
        },
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "unauthenticated"
    assert Track.objects.count() == 0 and stored_files() == []


def test_upload_track_in_a_json_request_needs_a_token_too(gql):
    query = f"mutation {{ uploadTrack(audio: null) {{ ... on Track {{ id }} {OPERATION_INFO} }} }}"
    body = gql.execute(query)
    assert "errors" in body  # audio is required and cannot be sent without multipart
    assert Track.objects.count() == 0


def test_a_refused_audio_file_names_the_field(alice):
    body = multipart(UPLOAD, {}, {"audio": ("a.mp3", b"no music here" * 30)}, user=alice)
    messages = body["data"]["uploadTrack"]["messages"]
    assert [m["field"] for m in messages] == ["audio"]
    assert messages[0]["kind"] == "VALIDATION"
    assert Track.objects.count() == 0 and stored_files() == []


def test_update_track_cover_and_user_images(alice, bob, make_track, run_on_commit):
    track = make_track(owner=alice)
    query = f"""mutation($id: ID!, $cover: Upload) {{
      updateTrack(id: $id, input: {{title: "New"}}, cover: $cover) {{
        ... on Track {{ title coverUrl }} {OPERATION_INFO} }} }}"""
    cover = ("c.jpg", factories.image((900, 600), exif_gps=True))
    refused = multipart(query, {"id": str(track.pk)}, {"cover": cover}, user=bob)
    assert refused["data"]["updateTrack"]["messages"][0]["kind"] == "PERMISSION"
    track.refresh_from_db()
    assert track.title != "New" and stored_files() == []
    body = multipart(query, {"id": str(track.pk)}, {"cover": cover}, user=alice)
    result = body["data"]["updateTrack"]
    assert result["title"] == "New" and "/media/covers/" in result["coverUrl"]

    query = f"""mutation($id: ID!, $avatar: Upload, $header: Upload) {{
      updateUser(id: $id, input: {{}}, avatar: $avatar, header: $header) {{
        ... on User {{ avatarUrl headerUrl }} {OPERATION_INFO} }} }}"""
    files = {
        "avatar": ("a.png", factories.image(fmt="PNG")),
        "header": ("h.jpg", factories.image()),
    }
    body = multipart(query, {"id": str(alice.pk)}, files, user=alice)
    user = body["data"]["updateUser"]
    assert "/media/avatars/" in user["avatarUrl"] and "/media/headers/" in user["headerUrl"]
    bad = multipart(query, {"id": str(alice.pk)}, {"avatar": ("a.png", b"nope")}, user=alice)
    assert [m["field"] for m in bad["data"]["updateUser"]["messages"]] == ["avatar"]


def test_waveform_points_are_bounded(gql, alice, make_track):
    track = make_track(owner=alice)
    query = "query($id: ID!, $p: Int!) { track(id: $id) { waveform(points: $p) } }"
    assert gql.data(query, {"id": str(track.pk), "p": 10})["track"]["waveform"] is None
    body = gql.execute(query, {"id": str(track.pk), "p": 0})
    assert body["errors"][0]["message"].startswith("points must be between")


def test_external_tracks_are_ready_with_no_audio_facts(gql, alice, make_track):
    track = make_track(owner=alice)
    query = "query($id: ID!) { track(id: $id) { processingStatus audio { codec loudness } } }"
    data = gql.data(query, {"id": str(track.pk)})["track"]
    assert data == {"processingStatus": "READY", "audio": {"codec": None, "loudness": None}}


def test_an_upload_argument_must_be_a_file(gql, alice, make_track):
    track = make_track(owner=alice)
    gql.login(alice)
    query = f"""mutation($id: ID!) {{ updateTrack(id: $id, input: {{}}, cover: "x.jpg") {{
        ... on Track {{ id }} {OPERATION_INFO} }} }}"""
    payload = gql.data(query, {"id": str(track.pk)})["updateTrack"]
    assert [m["field"] for m in payload["messages"]] == ["cover"]
    assert stored_files() == []

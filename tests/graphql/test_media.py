"""Media in GraphQL: streamUrl (signed for drafts), audioUrl, downloadable, and images in two
sizes."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from musewave import services
from musewave.models import Track
from tests.graphql.conftest import OPERATION_INFO, messages
from tests.media import factories

TRACK = """query($id: ID!) { track(id: $id) {
  audioUrl streamUrl downloadable coverUrl small: cover(size: SMALL) large: cover(size: LARGE)
  defaultSize: cover
} }"""
UPDATE = f"""mutation($id: ID!, $input: UpdateTrackInput!) {{
  updateTrack(id: $id, input: $input) {{ ... on Track {{ downloadable }} {OPERATION_INFO} }}
}}"""
MEDIA = "http://localhost:5000/media/"


@pytest.fixture
def uploaded(alice):
    def make(**fields) -> Track:
        track = services.track_upload(
            actor=alice,
            audio=SimpleUploadedFile("a.mp3", factories.tone("mp3", seconds=1.0)),
            cover=SimpleUploadedFile("c.jpg", factories.image()),
            genre="ambient",
            **fields,
        )
        track.refresh_from_db()
        return track

    return make


def test_a_published_tracks_stream_and_cover(gql, uploaded):
    track = uploaded(title="Open", published=True)
    shown = gql.data(TRACK, {"id": str(track.pk)})["track"]
    stream = f"http://testserver/musewave/tracks/{track.pk}/stream/"
    assert shown["audioUrl"] == shown["streamUrl"] == stream
    assert shown["downloadable"] is True
    assert shown["coverUrl"] == shown["large"] == shown["defaultSize"]
    assert shown["large"] == MEDIA + track.cover_file.name
    assert shown["small"] == MEDIA + track.cover_small_file.name
    assert Client().get(stream).status_code == 200


def test_a_drafts_stream_url_is_signed_for_its_owner(gql, uploaded, alice, bob):
    track = uploaded(title="Mine", published=False)
    gql.login(alice)
    url = gql.data(TRACK, {"id": str(track.pk)})["track"]["streamUrl"]
    assert set(parse_qs(urlsplit(url).query)) == {"sig", "exp"}
    assert Client().get(url).status_code == 200  # no header needed
    gql.login(bob)
    assert gql.data(TRACK, {"id": str(track.pk)})["track"] is None


def test_an_external_track_streams_through_its_redirect(gql, track):
    shown = gql.data(TRACK, {"id": str(track.pk)})["track"]
    assert shown["audioUrl"] == track.audio_url
    assert shown["streamUrl"] == f"http://testserver/musewave/tracks/{track.pk}/stream/"
    assert (shown["coverUrl"], shown["small"]) == (None, None)


def test_an_external_cover_has_one_size(gql, make_track, alice):
    track = make_track(owner=alice, cover_url="https://img.example.com/c.jpg")
    shown = gql.data(TRACK, {"id": str(track.pk)})["track"]
    assert shown["small"] == shown["large"] == "https://img.example.com/c.jpg"


def test_the_owner_makes_a_track_not_downloadable(gql, track, alice, bob):
    gql.login(bob)
    refused = gql.data(UPDATE, {"id": str(track.pk), "input": {"downloadable": False}})
    assert messages(refused["updateTrack"])[0]["code"] == "permission_denied"
    assert Track.objects.get(pk=track.pk).downloadable is True
    gql.login(alice)
    done = gql.data(UPDATE, {"id": str(track.pk), "input": {"downloadable": False}})
    assert done["updateTrack"] == {"downloadable": False}
    assert Track.objects.get(pk=track.pk).downloadable is False
    assert Client().get(f"/musewave/tracks/{track.pk}/file/").status_code == 403


def test_downloadable_is_not_in_the_legacy_shapes(track):
    assert "downloadable" not in Client().get(f"/musewave/tracks/{track.pk}/").json()
    assert "downloadable" not in Client().get(f"/api/tracks/{track.pk}").json()


def test_avatar_and_header_in_two_sizes(gql, alice):
    services.user_images_set(
        actor=alice,
        user=alice,
        avatar=SimpleUploadedFile("a.png", factories.image(fmt="PNG")),
        header=SimpleUploadedFile("h.jpg", factories.image((1600, 400))),
    )
    alice.refresh_from_db()
    query = """query { user(username: "alice") {
      avatarUrl small: avatar(size: SMALL) large: avatar(size: LARGE)
      headerUrl header(size: SMALL)
    } }"""
    shown = gql.data(query)["user"]
    assert shown["avatarUrl"] == shown["large"] == MEDIA + alice.avatar_file.name
    assert shown["small"] == MEDIA + alice.avatar_small_file.name
    assert shown["headerUrl"] == MEDIA + alice.header_file.name
    assert shown["header"] == MEDIA + alice.header_small_file.name


def test_relative_media_urls_are_made_absolute(gql, uploaded, settings):
    track = uploaded(title="Here", published=True)
    settings.MEDIA_URL = "/media/"
    shown = gql.data(TRACK, {"id": str(track.pk)})["track"]
    assert shown["small"] == f"http://testserver/media/{track.cover_small_file.name}"


def test_a_track_may_be_created_not_downloadable(gql, alice):
    gql.login(alice)
    created = gql.data(
        f"""mutation {{ createTrack(input: {{
          title: "Exclusive", artist: "Alice", artistSlug: "alice", genre: "ambient",
          audioUrl: "https://cdn.example.com/x.mp3", audioFileSize: 10, audioDuration: 1.5,
          audioFormat: "mp3", published: true, downloadable: false
        }}) {{ ... on Track {{ id downloadable }} {OPERATION_INFO} }} }}"""
    )["createTrack"]
    assert created["downloadable"] is False
    assert Track.objects.get(pk=created["id"]).downloadable is False

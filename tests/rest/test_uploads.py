"""Uploading tracks over REST: multipart `POST /musewave/tracks/upload/` and the legacy
`data:` URLs of track and user create/update."""

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from rest_framework_simplejwt.tokens import RefreshToken

from musewave.models import Track, User
from tests.conftest import stored_files
from tests.media import factories
from tests.rest.conftest import TRACK, USER, assert_shape

UPLOAD = "/musewave/tracks/upload/"
MEDIA = "http://localhost:5000/media/"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


def upload(
    client: Client,
    audio: bytes,
    name="song.mp3",
    cover: bytes | None = None,
    headers: dict | None = None,
    **fields,
):
    data = {"audio": SimpleUploadedFile(name, audio, content_type="audio/mpeg"), **fields}
    if cover is not None:
        data["cover"] = SimpleUploadedFile("cover.jpg", cover, content_type="image/jpeg")
    return client.post(UPLOAD, data, **(headers or {}))


def data_url(data: bytes, mime="audio/mpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


@pytest.fixture
def client(db):
    return Client()


def test_upload_creates_a_ready_track_with_facts_from_the_file(client, alice, run_on_commit):
    audio = factories.tagged(
        "mp3",
        factories.tone("mp3", seconds=2.0),
        title="Tag Title",
        artist="Tag Artist",
        genre="Ambient",
        bpm="97",
        key="Dm",
    )
    with run_on_commit():
        response = upload(
            client,
            audio,
            user_id=str(alice.pk),
            title="Client Title",
            tags="Night, Calm",
            audio_duration="999",
            audio_format="flac",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert_shape(body, TRACK)
    # The client's fields win over the tags; the tags fill the rest.
    assert (body["title"], body["artist"], body["genre"], body["bpm"], body["key"]) == (
        "Client Title",
        "Tag Artist",
        "Ambient",
        97,
        "Dm",
    )
    assert body["artist_slug"] == "tag-artist"
    assert body["tags"] == ["night", "calm"]
    # Size, duration and format come from the file, never from the client.
    assert body["audio_file_size"] == len(audio)
    assert body["audio_duration"] == pytest.approx(2.0, abs=1152 / 44100)
    assert body["audio_format"] == "mp3"
    # A player loads the track's stream (signed: the track is a draft); the file's stored name
    # is random, never the client's.
    stream = f"http://testserver/musewave/tracks/{body['id']}/stream/?sig="
    assert body["audio_url"].startswith(stream)
    track = Track.objects.get(pk=body["id"])
    assert track.audio_file.name.startswith("audio/") and track.audio_file.name.endswith(".mp3")
    assert "song" not in track.audio_file.name

    assert track.processing_status == "ready", track.processing_error
    assert track.audio_codec == "mp3" and track.audio_sample_rate == 44100
    assert track.stream_file.name.startswith("streams/") and track.stream_file.name.endswith(".m4a")
    assert len(track.waveform["peaks"]) >= 1000
    assert len(json.loads(track.waveform_data)) == 100
    files = stored_files()
    assert track.audio_file.name in files and track.stream_file.name in files
    detail = client.get(f"/musewave/tracks/{track.pk}/").json()
    assert detail["waveform_data"] == track.waveform_data


def test_upload_without_tags_is_named_after_the_file(client, alice, run_on_commit):
    with run_on_commit():
        response = upload(
            client,
            factories.tone("wav"),
            name="My_First Song.wav",
            genre="lofi",
            headers=bearer(alice),
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "My First Song"
    assert body["artist"] == "Alice"
    assert body["user_id"] == str(alice.pk)
    assert body["audio_format"] == "wav"


def test_upload_without_a_slash_works_too(client, alice):
    response = client.post(
        UPLOAD.rstrip("/"),
        {"audio": SimpleUploadedFile("a.flac", factories.tone("flac")), "genre": "jazz"},
        **bearer(alice),
    )
    assert response.status_code == 201, response.content


def test_embedded_art_becomes_the_cover_unless_one_is_sent(client, alice):
    art = factories.image((1200, 800), color=(0, 200, 0))
    audio = factories.tagged("mp3", factories.tone("mp3"), picture=art, title="x", genre="pop")
    body = upload(client, audio, headers=bearer(alice)).json()
    track = Track.objects.get(pk=body["id"])
    assert body["cover_url"] == MEDIA + track.cover_file.name
    with Image.open(track.cover_file.path) as cover:
        assert cover.size == (800, 800)
        assert cover.getpixel((400, 400))[1] > 150
    with Image.open(track.cover_small_file.path) as small:
        assert small.size == (300, 300)

    sent = factories.image((500, 500), color=(0, 0, 250))
    body = upload(client, audio, cover=sent, headers=bearer(alice)).json()
    track = Track.objects.get(pk=body["id"])
    with Image.open(track.cover_file.path) as cover:
        assert cover.getpixel((250, 250))[2] > 150


BAD_AUDIO = {
    "text named .mp3": b"not audio at all " * 100,
    "truncated": factories.tone("mp3", seconds=3)[:15000],
    "image": factories.image((20, 20), fmt="PNG"),
}


@pytest.mark.parametrize("name", sorted(BAD_AUDIO))
def test_refused_audio_is_a_400_on_the_field_and_stores_nothing(client, alice, name):
    response = upload(client, BAD_AUDIO[name], title="t", genre="g", headers=bearer(alice))
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["audio"]
    assert Track.objects.count() == 0
    assert stored_files() == []


def test_an_empty_or_missing_audio_file_is_a_400(client, alice):
    response = client.post(UPLOAD, {"title": "t"}, **bearer(alice))
    assert response.status_code == 400 and "audio" in response.json()["error"]
    response = upload(client, b"", headers=bearer(alice))
    assert response.status_code == 400 and "audio" in response.json()["error"]


def test_a_bad_cover_refuses_the_whole_upload_and_stores_nothing(client, alice):
    response = upload(
        client, factories.tone("mp3"), cover=b"nope", genre="g", headers=bearer(alice)
    )
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["cover"]
    assert Track.objects.count() == 0 and stored_files() == []


def test_a_field_error_after_the_files_were_checked_leaves_no_file(client, alice):
    response = upload(client, factories.tone("mp3"), genre="g" * 51, headers=bearer(alice))
    assert response.status_code == 400 and list(response.json()["error"]) == ["genre"]
    assert Track.objects.count() == 0 and stored_files() == []


def test_size_and_duration_limits(client, alice, settings):
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES = 20_000
    big = factories.tone("wav", seconds=1)
    response = upload(client, big, genre="g", headers=bearer(alice))
    # Over the limit (with the form allowance) the body is refused before it is read.
    assert response.status_code == 413
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES = 200 * 1024 * 1024
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 1.5
    response = upload(client, factories.tone("flac", seconds=2), genre="g", headers=bearer(alice))
    assert response.status_code == 400
    assert "longer than the limit" in response.json()["error"]["audio"][0]
    assert Track.objects.count() == 0 and stored_files() == []


def test_the_upload_limit_is_checked_before_the_body_is_read(client, alice, settings):
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES = 1000
    response = client.generic(
        "POST",
        UPLOAD,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **bearer(alice),
    )
    assert response.status_code == 413


def test_uploads_need_an_owner(client):
    response = upload(client, factories.tone("mp3"), genre="g")
    assert response.status_code == 400
    assert response.json() == {"error": "user_id is required"}
    assert Track.objects.count() == 0 and stored_files() == []


def test_uploads_need_a_token_when_authentication_is_required(client, alice, settings):
    settings.MUSEWAVE_REQUIRE_AUTH = True
    response = upload(client, factories.tone("mp3"), genre="g", user_id=str(alice.pk))
    assert response.status_code == 401
    assert Track.objects.count() == 0 and stored_files() == []


def test_the_owner_named_in_legacy_mode_owns_the_upload(client, alice, run_on_commit):
    with run_on_commit():
        response = upload(client, factories.tone("mp3"), genre="g", user_id=str(alice.pk))
    assert response.status_code == 201
    assert response.json()["user_id"] == str(alice.pk)


def test_uploading_as_someone_else_is_forbidden(client, alice, bob):
    response = upload(client, factories.tone("mp3"), user_id=str(bob.pk), headers=bearer(alice))
    assert response.status_code == 403
    assert Track.objects.count() == 0 and stored_files() == []


def test_json_is_not_accepted_on_the_upload_route(client, alice):
    response = client.post(UPLOAD, {"title": "x"}, content_type="application/json")
    assert response.status_code == 415


# --- data: URLs in the legacy JSON routes ---------------------------------------------------


def _create_body(alice, **fields):
    body = {
        "user_id": str(alice.pk),
        "title": "Legacy",
        "artist": "Alice",
        "artist_slug": "alice",
        "genre": "pop",
    }
    body.update(fields)
    return body


def test_legacy_create_with_data_urls_stores_the_files(api, alice, run_on_commit):
    audio = factories.tone("m4a", seconds=2.0)
    cover = factories.image((600, 400), exif_gps=True)
    with run_on_commit():
        response = api.post(
            "/musewave/tracks/create/",
            _create_body(
                alice,
                audio_url=data_url(audio, "audio/mp4"),
                cover_url=data_url(cover, "image/jpeg"),
                audio_file_size=1,
                audio_duration=1.0,
                audio_format="wma",
            ),
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert_shape(body, TRACK)
    assert body["audio_url"].startswith(f"http://testserver/musewave/tracks/{body['id']}/stream/")
    assert body["cover_url"].startswith(MEDIA + "covers/")
    assert (body["audio_file_size"], body["audio_format"]) == (len(audio), "m4a")
    assert body["audio_duration"] == pytest.approx(2.0, abs=1024 / 44100)
    track = Track.objects.get(pk=body["id"])
    assert track.processing_status == "ready"
    with Image.open(track.cover_file.path) as stored_cover:
        assert stored_cover.size == (400, 400)
        assert dict(stored_cover.getexif()) == {}


def test_legacy_create_still_takes_external_urls_and_needs_the_facts(api, alice):
    response = api.post(
        "/musewave/tracks/create/",
        _create_body(alice, audio_url="https://cdn.example.com/a.mp3"),
    )
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"audio_file_size", "audio_duration", "audio_format"}
    response = api.post(
        "/musewave/tracks/create/",
        _create_body(
            alice,
            audio_url="https://cdn.example.com/a.mp3",
            audio_file_size=10,
            audio_duration=2.0,
            audio_format="mp3",
        ),
    )
    assert response.status_code == 201
    assert Track.objects.get().processing_status == "ready"


@pytest.mark.parametrize(
    "value",
    ["data:audio/mpeg;base64,@@@@", "data:audio/mpeg,plain", "data:;base64,", "data:nonsense"],
)
def test_a_malformed_data_url_is_a_400_on_its_field(api, alice, value):
    response = api.post(
        "/musewave/tracks/create/",
        _create_body(alice, audio_url=value),
    )
    assert response.status_code == 400
    assert list(response.json()["error"]) == ["audio_url"]
    assert Track.objects.count() == 0 and stored_files() == []


def test_a_data_url_that_is_not_audio_is_refused(api, alice):
    response = api.post(
        "/musewave/tracks/create/",
        _create_body(
            alice, audio_url=data_url(b"hello" * 100), cover_url=data_url(b"x", "image/png")
        ),
    )
    assert response.status_code == 400
    assert "audio_url" in response.json()["error"]
    assert Track.objects.count() == 0 and stored_files() == []


def test_legacy_update_replaces_audio_and_cover_and_deletes_the_old_files(
    api, alice, run_on_commit
):
    with run_on_commit():
        body = api.post(
            "/musewave/tracks/create/",
            _create_body(
                alice,
                audio_url=data_url(factories.tone("mp3")),
                cover_url=data_url(factories.image(), "image/jpeg"),
            ),
        ).json()
    track = Track.objects.get(pk=body["id"])
    old = [track.audio_file.name, track.stream_file.name, track.cover_file.name]
    assert all(name in stored_files() for name in old)
    with run_on_commit():
        response = api.patch(
            f"/musewave/tracks/{track.pk}/update/",
            {
                "audio_url": data_url(factories.tone("flac", seconds=1.0)),
                "cover_url": data_url(factories.image((50, 50)), "image/jpeg"),
            },
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["audio_format"] == "flac" and body["audio_duration"] == pytest.approx(1.0)
    track.refresh_from_db()
    assert track.processing_status == "ready"
    files = stored_files()
    assert not any(name in files for name in old)
    assert track.audio_file.name in files and track.cover_file.name in files

    # Pointing the track at external URLs forgets (and deletes) the stored files.
    with run_on_commit():
        response = api.patch(
            f"/musewave/tracks/{track.pk}/update/",
            {"audio_url": "https://cdn.example.com/b.mp3", "cover_url": None},
        )
    assert response.status_code == 200
    assert response.json()["audio_url"] == "https://cdn.example.com/b.mp3"
    assert stored_files() == []
    track.refresh_from_db()
    assert (track.audio_file.name, track.processing_status) == ("", "ready")


def test_a_refused_update_changes_nothing(api, alice, run_on_commit):
    with run_on_commit():
        body = api.post(
            "/musewave/tracks/create/", _create_body(alice, audio_url=data_url(factories.tone()))
        ).json()
    before = stored_files()
    response = api.patch(
        f"/musewave/tracks/{body['id']}/update/",
        {"audio_url": data_url(b"garbage" * 50), "title": "Changed"},
    )
    assert response.status_code == 400
    assert Track.objects.get(pk=body["id"]).title == "Legacy"
    assert stored_files() == before


def test_deleting_a_track_deletes_its_files(api, alice, run_on_commit):
    with run_on_commit():
        body = api.post(
            "/musewave/tracks/create/",
            _create_body(
                alice,
                audio_url=data_url(factories.tone()),
                cover_url=data_url(factories.image(), "image/jpeg"),
            ),
        ).json()
    assert len(stored_files()) == 4  # original, rendition, two cover sizes
    with run_on_commit():
        assert api.delete(f"/musewave/tracks/{body['id']}/delete/").status_code == 200
    assert stored_files() == []


def test_user_avatar_and_header_as_data_urls(api, run_on_commit):
    avatar = factories.image((500, 300), exif_gps=True)
    response = api.post(
        "/musewave/users/create/",
        {
            "username": "carol",
            "email": "carol@example.com",
            "password": "Str0ng-Passw0rd!",
            "avatar_url": data_url(avatar, "image/jpeg"),
            "header_url": data_url(factories.image((1600, 400)), "image/jpeg"),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert_shape(body, USER)
    assert body["avatar_url"].startswith(MEDIA + "avatars/")
    assert body["header_url"].startswith(MEDIA + "headers/")
    user = User.objects.get(pk=body["id"])
    with Image.open(user.avatar_file.path) as stored:
        assert stored.size == (300, 300) and dict(stored.getexif()) == {}
    with Image.open(user.header_file.path) as stored:
        assert stored.size == (1000, 250)
    old = [user.avatar_file.name, user.avatar_small_file.name]
    with run_on_commit():
        response = api.patch(
            f"/musewave/users/{user.pk}/update/",
            {"avatar_url": data_url(factories.image((64, 64), fmt="PNG"), "image/png")},
            **bearer(user),
        )
    assert response.status_code == 200, response.content
    assert response.json()["avatar_url"] != body["avatar_url"]
    assert not set(old) & set(stored_files())
    response = api.patch(
        f"/musewave/users/{user.pk}/update/",
        {"avatar_url": "data:image/png;base64,notbase64!"},
        **bearer(user),
    )
    assert response.status_code == 400 and list(response.json()["error"]) == ["avatar_url"]
    response = api.patch(
        f"/musewave/users/{user.pk}/update/",
        {"header_url": data_url(b"not an image", "image/png")},
        **bearer(user),
    )
    assert response.status_code == 400 and list(response.json()["error"]) == ["header_url"]


def test_data_url_routes_take_large_bodies_and_others_keep_the_small_limit(api, alice, settings):
    settings.MUSEWAVE_MEDIA_MAX_BODY_BYTES = 4 * 1024 * 1024
    audio = factories.tone("wav", seconds=8)  # ~1.4 MB, ~1.9 MB as base64
    assert len(audio) > 1024 * 1024
    response = api.post(
        "/musewave/tracks/create/", _create_body(alice, audio_url=data_url(audio, "audio/wav"))
    )
    assert response.status_code == 201, response.content
    padding = {"title": "x" * (1024 * 1024 + 10)}
    response = api.post("/musewave/albums", padding)
    assert response.status_code == 413
    response = api.post(
        "/musewave/tracks/create/",
        _create_body(alice, audio_url=data_url(factories.tone("wav", seconds=30), "audio/wav")),
    )
    assert response.status_code == 413


def test_the_image_limit(api, alice, settings):
    settings.MUSEWAVE_MAX_IMAGE_BYTES = 1000
    response = api.post(
        "/musewave/tracks/create/",
        _create_body(
            alice,
            audio_url=data_url(factories.tone()),
            cover_url=data_url(factories.image((400, 400)), "image/jpeg"),
        ),
    )
    assert response.status_code == 413
    assert list(response.json()["error"]) == ["cover_url"]
    assert Track.objects.count() == 0 and stored_files() == []


@pytest.mark.parametrize(
    ("path", "content_type", "limit"),
    [
        ("/musewave/tracks/upload/", "multipart/form-data; boundary=x", "upload"),
        ("/musewave/tracks/upload", "multipart/form-data; boundary=x", "upload"),
        ("/graphql", "multipart/form-data; boundary=x", "upload"),
        ("/graphql", "application/json", "small"),
        ("/musewave/tracks/create/", "application/json", "media"),
        (
            "/musewave/tracks/1d6c0c1e-0000-4000-8000-000000000000/update",
            "application/json",
            "media",
        ),
        ("/musewave/users/create", "application/json", "media"),
        ("/musewave/users/abc/update/", "application/json", "media"),
        ("/musewave/albums", "application/json", "small"),
        ("/musewave/tracks/abc/play/", "application/json", "small"),
    ],
)
def test_each_route_has_its_body_limit(rf, settings, path, content_type, limit):
    from config.middleware import body_limit

    expected = {
        "upload": settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES
        + settings.MUSEWAVE_MAX_IMAGE_BYTES
        + 2**20,
        "media": settings.MUSEWAVE_MEDIA_MAX_BODY_BYTES,
        "small": settings.MUSEWAVE_MAX_BODY_BYTES,
    }[limit]
    assert body_limit(rf.generic("POST", path, b"-", content_type=content_type)) == expected


def test_a_graphql_upload_over_the_limit_is_refused_before_reading(client, alice, settings):
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES = 1000
    response = client.generic(
        "POST",
        "/graphql",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(20 * 1024 * 1024),
        **bearer(alice),
    )
    assert response.status_code == 413


def test_tag_values_that_do_not_fit_are_left_out(client, alice):
    audio = factories.tagged("mp3", factories.tone("mp3"), title="T" * 250, genre="rock")
    response = upload(client, audio, name="fallback.mp3", headers=bearer(alice))
    assert response.status_code == 201, response.content
    assert (response.json()["title"], response.json()["genre"]) == ("fallback", "rock")

"""A track's audio over HTTP: `/stream/` (ranges, validators, drafts, signed links),
`/stream-url/`, `/file/` (downloads counted once), and the S3 and X-Accel-Redirect
hand-offs."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from freezegun import freeze_time
from rest_framework_simplejwt.tokens import RefreshToken

from config.urls import serve_media
from musewave import services
from musewave.models import Download, Track
from tests.media import factories


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {RefreshToken.for_user(user).access_token}"}


def stream(track: Track) -> str:
    return f"/musewave/tracks/{track.pk}/stream/"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


@pytest.fixture
def client(db) -> Client:
    return Client()


@pytest.fixture
def upload(alice, run_on_commit):
    """An uploaded track; processed (a rendition exists) unless `processed=False`."""

    def make(kind="mp3", *, owner=None, processed=True, seconds=2.0, **fields) -> Track:
        fields.setdefault("genre", "ambient")
        fields.setdefault("published", True)
        audio = SimpleUploadedFile(f"song.{kind}", factories.tone(kind, seconds=seconds))
        owner = owner or alice
        if processed:
            with run_on_commit():
                track = services.track_upload(actor=owner, audio=audio, **fields)
        else:
            track = services.track_upload(actor=owner, audio=audio, **fields)
        track.refresh_from_db()
        return track

    return make


@pytest.fixture
def song(upload) -> Track:
    return upload(title="Night Drive")


# --- Streaming ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slash", ["/", ""])
def test_the_stream_is_the_rendition_whole(client, song, slash):
    response = client.get(stream(song).rstrip("/") + slash)
    data = stored_bytes(song.stream_file.name)
    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == "audio/mp4"
    assert response["Content-Length"] == str(len(data))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["ETag"].startswith('"') and "Content-Range" not in response
    assert response["Last-Modified"].endswith(" GMT")


def test_the_cache_lifetime_is_a_setting(client, song, settings):
    settings.MUSEWAVE_STREAM_CACHE_SECONDS = 86400
    assert client.get(stream(song))["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),  # the first byte
        ("bytes=-1", -1, None),  # the last byte
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, None),
        ("bytes=-100000000", 0, None),  # a suffix longer than the file: all of it
        ("bytes=0-999999999", 0, None),  # past the end: to the end
    ],
)
def test_a_range_answers_206_with_exactly_those_bytes(client, song, header, first, last):
    data = stored_bytes(song.stream_file.name)
    size = len(data)
    start = first % size
    end = size - 1 if last is None else last
    response = client.get(stream(song), HTTP_RANGE=header)
    assert response.status_code == 206
    assert body(response) == data[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert response["Content-Length"] == str(end - start + 1)


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "bytes=9-3", "bytes=zz", "pages=1-2", "🎵"])
def test_several_or_malformed_ranges_are_ignored(client, song, header):
    response = client.get(stream(song), HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == stored_bytes(song.stream_file.name)


@pytest.mark.parametrize("header", ["bytes=99999999-", "bytes=-0"])
def test_a_range_past_the_end_is_416(client, song, header):
    size = default_storage.size(song.stream_file.name)
    response = client.get(stream(song), HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert body(response) == b""


@pytest.mark.parametrize("header", [None, "bytes=10-19"])
def test_head_answers_the_headers_without_a_body(client, song, header):
    extra = {"HTTP_RANGE": header} if header else {}
    got, head = client.get(stream(song), **extra), client.head(stream(song), **extra)
    assert head.status_code == got.status_code
    assert body(head) == b""
    for name in ("Content-Type", "Content-Length", "Content-Range", "ETag", "Last-Modified"):
        assert head.get(name) == got.get(name), name


def test_a_current_etag_or_date_answers_304(client, song):
    first = client.get(stream(song))
    etag, modified = first["ETag"], first["Last-Modified"]
    for headers in (
        {"HTTP_IF_NONE_MATCH": etag},
        {"HTTP_IF_NONE_MATCH": f'"other", {etag}'},
        {"HTTP_IF_NONE_MATCH": "*"},
        {"HTTP_IF_MODIFIED_SINCE": modified},
    ):
        response = client.get(stream(song), **headers)
        assert response.status_code == 304, headers
        assert body(response) == b"" and response["ETag"] == etag
    assert client.get(stream(song), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_stale_if_range_sends_the_whole_file(client, song):
    etag = client.get(stream(song))["ETag"]
    current = client.get(stream(song), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    stale = client.get(stream(song), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert (current.status_code, len(body(current))) == (206, 10)
    assert stale.status_code == 200 and body(stale) == stored_bytes(song.stream_file.name)


def test_new_audio_changes_the_etag(client, song, alice):
    etag = client.get(stream(song))["ETag"]
    services.track_update(actor=alice, track=song, data={"title": "Renamed"})
    assert client.get(stream(song))["ETag"] == etag  # metadata is not the bytes
    services.track_audio_process(track_id=song.pk)
    assert client.get(stream(song), HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("mp3", "audio/mpeg"),
        ("m4a", "audio/mp4"),
        ("ogg", "audio/ogg"),
        ("opus", "audio/ogg"),
        ("flac", "audio/flac"),
        ("wav", "audio/wav"),
        ("aiff", "audio/aiff"),
    ],
)
def test_until_processed_the_original_streams_with_its_type(client, upload, kind, content_type):
    track = upload(kind, processed=False, seconds=1.0)
    assert track.processing_status == "pending" and not track.stream_file
    response = client.get(stream(track))
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert body(response) == stored_bytes(track.audio_file.name)


def test_a_track_whose_processing_failed_streams_its_original(client, upload, settings):
    track = upload("flac", seconds=3.0)
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 1
    track = services.track_audio_process(track_id=track.pk)
    assert track.processing_status == "failed" and track.stream_file  # the old rendition stays
    response = client.get(stream(track))
    assert response["Content-Type"] == "audio/flac"
    assert body(response) == stored_bytes(track.audio_file.name)


def test_an_external_track_redirects_to_its_audio(client, track):
    for method in (client.get, client.head):
        response = method(stream(track))
        assert response.status_code == 302
        assert response["Location"] == track.audio_url


def test_unknown_and_malformed_tracks(client):
    missing = client.get("/musewave/tracks/00000000-0000-0000-0000-000000000000/stream/")
    assert (missing.status_code, missing.json()) == (404, {"message": "Not found."})
    assert client.get("/musewave/tracks/zzz/stream/").status_code == 400


def test_an_audio_element_accept_header_is_served(client, song):
    accept = "audio/webm,audio/ogg,audio/wav,audio/*;q=0.9,application/ogg;q=0.7"
    assert client.get(stream(song), HTTP_ACCEPT=accept).status_code == 200
    missing = client.get(stream(song).replace(str(song.pk), str(song.owner_id)), HTTP_ACCEPT=accept)
    assert missing.status_code == 404 and missing.json() == {"message": "Not found."}


# --- Drafts and signed links --------------------------------------------------------------------


@pytest.fixture
def draft(upload) -> Track:
    return upload(title="Unreleased", published=False)


@pytest.mark.parametrize("require_auth", [False, True])
def test_drafts_stream_only_for_their_owner_and_staff(
    client, draft, alice, bob, make_user, settings, require_auth
):
    settings.MUSEWAVE_REQUIRE_AUTH = require_auth  # even where drafts are listed to everyone
    staff = make_user(username="staffer")
    staff.is_staff = True
    staff.save()
    assert client.get(stream(draft)).status_code == 404
    assert client.get(stream(draft), **bearer(bob)).status_code == 404
    owner = client.get(stream(draft), **bearer(alice))
    assert owner.status_code == 200 and owner["Cache-Control"] == "private, no-cache"
    assert client.get(stream(draft), **bearer(staff)).status_code == 200


def stream_url(client, track, **extra):
    return client.get(f"/musewave/tracks/{track.pk}/stream-url/", **extra)


def test_a_signed_link_streams_a_draft_without_a_header(client, draft, alice, settings):
    with freeze_time("2026-12-01T10:00:00Z"):
        response = stream_url(client, draft, **bearer(alice))
    assert response.status_code == 200
    url, expires_at = response.json()["url"], response.json()["expires_at"]
    assert expires_at == "2026-12-01T11:00:00.000000Z"
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"http://testserver{stream(draft)}"
    query = parse_qs(parts.query)
    assert set(query) == {"sig", "exp"} and query["exp"] == ["1796122800"]
    with freeze_time("2026-12-01T10:59:59Z"):
        played = client.get(url)
        assert played.status_code == 200
        assert body(played) == stored_bytes(draft.stream_file.name)
        assert client.get(url, HTTP_RANGE="bytes=0-9").status_code == 206
    with freeze_time("2026-12-01T11:00:01Z"):
        expired = client.get(url)
    assert expired.status_code == 403 and "expired" in expired.json()["error"]


def test_the_link_lifetime_is_a_setting(client, draft, alice, settings):
    settings.MUSEWAVE_STREAM_URL_SECONDS = 60
    with freeze_time("2026-12-01T10:00:00Z"):
        response = stream_url(client, draft, **bearer(alice))
    assert response.json()["expires_at"] == "2026-12-01T10:01:00.000000Z"


def test_tampered_or_borrowed_signatures_are_refused(client, upload, draft, alice):
    other = upload(title="Other draft", published=False)
    url = stream_url(client, draft, **bearer(alice)).json()["url"]
    query = parse_qs(urlsplit(url).query)
    sig, exp = query["sig"][0], query["exp"][0]
    path = stream(draft)
    flipped = ("A" if sig[0] != "A" else "B") + sig[1:]
    for bad in (
        f"{path}?sig={flipped}&exp={exp}",
        f"{path}?sig={sig}&exp={int(exp) + 3600}",  # a later expiry is not signed
        f"{path}?sig={sig}",
        f"{path}?exp={exp}",
        f"{path}?sig=&exp=",
        f"{path}?sig={sig}&exp=soon",
        f"{stream(other)}?sig={sig}&exp={exp}",  # another track's signature
    ):
        response = client.get(bad)
        assert response.status_code == 403, bad
        assert response.json() == {"error": "This stream link is not valid."}


def test_only_the_owner_and_staff_get_a_drafts_link(client, draft, bob):
    assert stream_url(client, draft).status_code == 404
    assert stream_url(client, draft, **bearer(bob)).status_code == 404


def test_a_published_tracks_link_is_plain(client, song):
    response = stream_url(client, song)
    assert response.json() == {"url": f"http://testserver{stream(song)}", "expires_at": None}


def test_the_legacy_audio_url_of_an_upload_is_its_stream(client, song, draft, alice, track):
    shown = client.get(f"/musewave/tracks/{song.pk}/").json()
    assert shown["audio_url"] == f"http://testserver{stream(song)}"
    # The owner's own player plays their draft: its audio_url is signed.
    mine = client.get(f"/musewave/tracks/{draft.pk}/", **bearer(alice)).json()["audio_url"]
    assert "sig=" in mine and client.get(mine).status_code == 200
    # An external audio_url stays as it is, as does the track list's shape.
    listed = {t["id"]: t["audio_url"] for t in client.get("/musewave/tracks/").json()}
    assert listed[str(track.pk)] == track.audio_url
    assert listed[str(song.pk)] == f"http://testserver{stream(song)}"


def test_the_express_dialect_shows_the_same_audio_url(client, song):
    shown = client.get(f"/api/tracks/{song.pk}").json()
    assert shown["audioUrl"] == f"http://testserver{stream(song)}"


def test_sending_the_shown_audio_url_back_keeps_the_upload(client, song, draft, alice):
    for track in (song, draft):
        shown = client.get(f"/musewave/tracks/{track.pk}/", **bearer(alice)).json()
        response = client.patch(
            f"/musewave/tracks/{track.pk}/update/",
            {**shown, "title": "Edited"},
            content_type="application/json",
            **bearer(alice),
        )
        assert response.status_code == 200, response.content
        stored = Track.objects.get(pk=track.pk)
        assert (stored.title, stored.audio_file.name) == ("Edited", track.audio_file.name)
        assert response.json()["cover_url"] == shown["cover_url"]


# --- Downloads ------------------------------------------------------------------------------------


def file_url(track: Track) -> str:
    return f"/musewave/tracks/{track.pk}/file/"


def downloads(track: Track) -> tuple[int, int]:
    return Track.objects.get(pk=track.pk).downloads, Download.objects.filter(track=track).count()


def test_a_download_is_the_original_as_an_attachment_and_is_counted(client, song, bob):
    response = client.get(file_url(song), **bearer(bob))
    assert response.status_code == 200
    assert body(response) == stored_bytes(song.audio_file.name)
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Disposition"] == 'attachment; filename="Alice - Night Drive.mp3"'
    assert response["Cache-Control"] == "private, no-cache"
    assert downloads(song) == (1, 1)
    recorded = Download.objects.get(track=song)
    assert (recorded.user, recorded.ip_address) == (bob, "127.0.0.1")


def test_a_download_counts_once_not_per_range(client, song):
    size = song.audio_file_size
    assert client.get(file_url(song).rstrip("/"), HTTP_RANGE="bytes=0-99").status_code == 206
    assert downloads(song) == (1, 1)  # starting from the first byte: a new download
    etag = client.head(file_url(song))["ETag"]
    for extra in (
        {"HTTP_RANGE": "bytes=100-"},  # resuming
        {"HTTP_RANGE": f"bytes={size}-"},  # 416
        {"HTTP_IF_NONE_MATCH": etag},  # 304
    ):
        assert client.get(file_url(song), **extra).status_code in (206, 304, 416)
    assert client.head(file_url(song)).status_code == 200
    assert downloads(song) == (1, 1)
    client.get(file_url(song))
    assert downloads(song) == (2, 2)


def test_a_download_counts_exactly_as_the_download_endpoint(client, song, track):
    client.get(file_url(song))
    client.post(f"/musewave/tracks/{track.pk}/download/", {}, content_type="application/json")
    assert downloads(song) == downloads(track) == (1, 1)
    by_file, by_post = Download.objects.get(track=song), Download.objects.get(track=track)
    assert (by_file.user, by_file.ip_address) == (by_post.user, by_post.ip_address)


def test_downloads_count_against_the_write_limits(client, song, settings):
    settings.MUSEWAVE_THROTTLE_RATES = {**settings.MUSEWAVE_THROTTLE_RATES, "write_ip": "1/min"}
    assert client.get(file_url(song)).status_code == 200
    refused = client.get(file_url(song))
    assert refused.status_code == 429 and "Retry-After" in refused
    assert client.get(file_url(song), HTTP_RANGE="bytes=10-").status_code == 206  # no new one
    assert downloads(song) == (1, 1)


def test_a_non_downloadable_track_is_only_its_owners_and_staffs(
    client, upload, alice, bob, make_user
):
    track = upload(title="Exclusive", downloadable=False)
    staff = make_user(username="staffer")
    staff.is_staff = True
    staff.save()
    for extra in ({}, bearer(bob)):
        refused = client.get(file_url(track), **extra)
        assert refused.status_code == 403
        assert refused.json() == {"error": "The artist does not offer this track for download."}
    assert downloads(track) == (0, 0)
    assert client.get(stream(track)).status_code == 200  # it still streams
    for user in (alice, staff):
        assert client.get(file_url(track), **bearer(user)).status_code == 200
    assert downloads(track) == (2, 2)


def test_a_drafts_file_is_only_its_owners(client, draft, alice, bob):
    assert client.get(file_url(draft), **bearer(bob)).status_code == 404
    assert client.get(file_url(draft), **bearer(alice)).status_code == 200
    assert downloads(draft) == (1, 1)


def test_non_ascii_titles_get_an_encoded_file_name(client, upload, make_user):
    artist = make_user(username="bjork", display_name="Björk")
    track = upload("flac", owner=artist, title='Jóga / "Live"', processed=False)
    disposition = client.get(file_url(track))["Content-Disposition"]
    assert disposition == (
        'attachment; filename="Bjork - Joga Live.flac"; '
        "filename*=UTF-8''Bj%C3%B6rk%20-%20J%C3%B3ga%20Live.flac"
    )


def test_an_external_tracks_download_redirects_and_counts(client, track):
    response = client.get(file_url(track))
    assert (response.status_code, response["Location"]) == (302, track.audio_url)
    assert downloads(track) == (1, 1)


# --- Object storage and nginx ---------------------------------------------------------------------

S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": "musewave-media",
        "access_key": "AKIAEXAMPLE",
        "secret_key": "secret",
        "region_name": "eu-west-1",
        "querystring_auth": True,
        "signature_version": "s3v4",
        "file_overwrite": False,
    },
}


@pytest.fixture
def on_s3(settings):
    """Files stored locally first, then the deployment switched to S3 (presigning is local
    computation: no request leaves the test)."""

    def switch(**options):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {**S3, "OPTIONS": {**S3["OPTIONS"], **options}},
        }

    return switch


def test_with_s3_the_stream_redirects_to_a_presigned_url(client, song, on_s3):
    on_s3()
    response = client.get(stream(song), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert location.netloc == "musewave-media.s3.amazonaws.com"
    assert location.path == f"/{song.stream_file.name}"
    assert query["X-Amz-Expires"] == ["3600"] and "X-Amz-Signature" in query
    assert query["response-content-type"] == ["audio/mp4"]
    assert response["Cache-Control"] == "private, no-cache"


def test_with_s3_a_download_redirects_as_an_attachment_and_counts(client, song, on_s3, settings):
    settings.MUSEWAVE_STREAM_URL_SECONDS = 600
    on_s3()
    response = client.get(file_url(song))
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["600"]
    assert query["response-content-disposition"] == [
        'attachment; filename="Alice - Night Drive.mp3"'
    ]
    assert downloads(song) == (1, 1)
    client.get(file_url(song), HTTP_RANGE="bytes=500-")  # a resumed download
    client.head(file_url(song))
    assert downloads(song) == (1, 1)


def test_with_a_public_bucket_the_url_is_plain(client, song, on_s3):
    on_s3(querystring_auth=False)
    response = client.get(stream(song))
    assert response["Location"] == (
        f"https://musewave-media.s3.amazonaws.com/{song.stream_file.name}"
    )


def test_with_accel_redirect_nginx_sends_the_bytes(client, song, settings):
    settings.MUSEWAVE_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client.get(stream(song), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 200 and body(response) == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{song.stream_file.name}"
    assert response["Content-Type"] == "audio/mp4"
    assert response["Cache-Control"] == "public, max-age=3600"
    download = client.get(file_url(song))
    assert download["X-Accel-Redirect"] == f"/protected-media/{song.audio_file.name}"
    assert download["Content-Disposition"] == 'attachment; filename="Alice - Night Drive.mp3"'
    assert downloads(song) == (1, 1)


# --- Images ---------------------------------------------------------------------------------------


def test_stored_images_have_absolute_urls(client, upload, alice, settings):
    track = upload(title="Covered", processed=False)
    services.track_cover_set(
        actor=alice, track=track, cover=SimpleUploadedFile("c.jpg", factories.image())
    )
    services.user_images_set(
        actor=alice,
        user=alice,
        avatar=SimpleUploadedFile("a.jpg", factories.image()),
        header=SimpleUploadedFile("h.jpg", factories.image((1600, 400))),
    )
    track.refresh_from_db()
    alice.refresh_from_db()
    settings.MEDIA_URL = "/media/"  # served by this host: made absolute against the request
    shown = client.get(f"/musewave/tracks/{track.pk}/").json()
    assert shown["cover_url"] == f"http://testserver/media/{track.cover_file.name}"
    user = client.get(f"/musewave/users/{alice.pk}/").json()
    assert user["avatar_url"] == f"http://testserver/media/{alice.avatar_file.name}"
    assert user["header_url"] == f"http://testserver/media/{alice.header_file.name}"
    settings.MEDIA_URL = "https://cdn.musewave.app/media/"  # moved: the links follow
    user = client.get(f"/musewave/users/{alice.pk}/").json()
    assert user["avatar_url"] == f"https://cdn.musewave.app/media/{alice.avatar_file.name}"
    # A client sending a shown URL back keeps the stored image.
    client.patch(
        f"/musewave/users/{alice.pk}/update/",
        {"avatar_url": user["avatar_url"], "bio": "hi"},
        content_type="application/json",
        **bearer(alice),
    )
    alice.refresh_from_db()
    assert alice.avatar_file and alice.bio == "hi"


def test_media_is_served_in_development(upload, alice):
    track = upload(title="Covered", processed=False)
    services.track_cover_set(
        actor=alice, track=track, cover=SimpleUploadedFile("c.jpg", factories.image())
    )
    track.refresh_from_db()
    request = RequestFactory().get(f"/media/{track.cover_small_file.name}")
    response = serve_media(request, path=track.cover_small_file.name)
    assert response.status_code == 200
    assert body(response) == stored_bytes(track.cover_small_file.name)


def test_the_stream_link_expiry_uses_the_clock(client, draft, alice):
    with freeze_time("2026-12-01T10:00:00Z") as clock:
        url = stream_url(client, draft, **bearer(alice)).json()["url"]
        clock.tick(timedelta(minutes=59))
        assert client.get(url).status_code == 200


def test_a_seek_costs_one_query(client, song, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(stream(song), HTTP_RANGE="bytes=1000-")
    assert response.status_code == 206
    with django_assert_num_queries(1):
        assert client.head(stream(song)).status_code == 200


def test_browser_players_may_fetch_ranges_across_origins(client, song, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://musewave.app"]
    preflight = client.options(
        stream(song),
        HTTP_ORIGIN="https://musewave.app",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="range, if-range",
    )
    assert preflight.status_code == 200
    allowed = preflight["Access-Control-Allow-Headers"].split(", ")
    assert {"range", "if-range", "if-none-match"} <= set(allowed)
    response = client.get(stream(song), HTTP_ORIGIN="https://musewave.app", HTTP_RANGE="bytes=0-1")
    assert {"Accept-Ranges", "Content-Range", "ETag"} <= set(
        response["Access-Control-Expose-Headers"].split(", ")
    )

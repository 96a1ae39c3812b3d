import re
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count
from PIL import Image

from config.celery import app as celery_app
from musewave import services
from musewave.management.commands import seed_demo
from musewave.media import synth
from musewave.media.probe import count_decoded_seconds, probe_audio
from musewave.models import (
    Album,
    Comment,
    Follow,
    Like,
    Play,
    Playlist,
    PlaylistItem,
    ProcessingStatus,
    Track,
    User,
)
from musewave.selectors.stats import user_stats
from musewave.services.tracks import STORED_FILES
from tests.conftest import stored_files

# Short pieces keep the tests quick; test_demo_tracks_are_real_uploads seeds the real length.
SHORT = ("--piece-seconds", "1")
TAILWIND_GRADIENT = re.compile(
    r"^from-[a-z]+-\d{2,3}/\d{1,3} via-transparent to-[a-z]+-\d{2,3}/\d{1,3}$"
)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


MODELS = (User, Track, Album, Like, Follow, Play, Comment, Playlist, PlaylistItem)


def snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in MODELS)


def stored(name: str) -> str:
    assert name and default_storage.exists(name), name
    return default_storage.path(name)


def test_demo_catalogue_is_realistic_and_idempotent(demo_tracks):
    demo_tracks(12)
    seed(*SHORT, "--tracks", "50")
    users, tracks, albums, likes, follows, plays, comments, playlists, items = snapshot()
    assert users == 52 and tracks == 50 and plays == 3000
    assert albums >= 3 and likes > 0 and follows > 0 and comments > 0
    artists = User.objects.annotate(n=Count("tracks")).filter(n__gt=0)
    assert artists.count() >= 10
    assert Track.objects.values("genre").distinct().count() >= 8
    assert Track.objects.values("mood").distinct().count() >= 5
    # Plays are spread over the last 60 days, and counters equal the rows behind them.
    days = {p.date() for p in Play.objects.values_list("created_at", flat=True)}
    assert len(days) > 40
    for track in Track.objects.all():
        assert track.plays == track.play_set.count()
        assert track.likes == track.like_set.count()
    assert User.objects.get(username="luna_waves").check_password("musewave-demo-2026")
    assert user_stats(user=User.objects.get(username="luna_waves")).total_tracks > 0
    assert playlists == 4 and items >= 20
    for playlist in Playlist.objects.all():
        positions = list(playlist.items.order_by("position").values_list("position", flat=True))
        assert positions == list(range(playlist.track_count))
    # Every track plays: twelve uploads, processed, whose files the others share.
    every = list(Track.objects.all())
    assert {t.processing_status for t in every} == {ProcessingStatus.READY}
    names = {getattr(t, f).name for t in every for f in STORED_FILES}
    assert len(names) == 4 * 12
    for name in names:
        stored(name)
    assert {t.audio_format for t in every} == {"mp3", "flac", "ogg"}
    assert all(t.waveform["points"] == 1000 and t.waveform_data for t in every)
    files = stored_files()

    seed(*SHORT, "--tracks", "50")
    assert snapshot() == (users, tracks, albums, likes, follows, plays, comments, playlists, items)
    assert stored_files() == files


def test_demo_tracks_are_real_uploads(db):
    """The real command: pieces of 20 to 45 seconds, through the upload's checks and processing."""
    seed("--tracks", "3", "--users", "14", "--plays", "30")
    tracks = list(Track.objects.order_by("created_at"))
    assert len(tracks) == 3
    for track in tracks:
        assert track.processing_status == ProcessingStatus.READY
        original = probe_audio(stored(track.audio_file.name))
        assert (original.format, original.sample_rate, original.channels) == (
            track.audio_format,
            synth.SAMPLE_RATE,
            2,
        )
        assert track.audio_file_size == default_storage.size(track.audio_file.name)
        decoded = count_decoded_seconds(stored(track.audio_file.name))
        assert synth.MIN_SECONDS <= track.audio_duration <= synth.MAX_SECONDS
        assert track.audio_duration == pytest.approx(decoded, abs=0.1)
        assert track.audio_duration == pytest.approx(original.duration, abs=0.5)
        rendition = probe_audio(stored(track.stream_file.name))
        assert rendition.format == "m4a"
        assert rendition.duration == pytest.approx(decoded, abs=0.1)
        assert track.waveform["duration"] == pytest.approx(decoded, abs=0.01)
        assert max(track.waveform["peaks"]) == 1.0 and len(track.waveform_data.split(",")) == 100
        assert track.loudness is not None and track.loudness > -30
        assert track.cover_url.endswith(track.cover_file.name)
        with Image.open(stored(track.cover_file.name)) as large:
            assert (large.format, large.size) == ("JPEG", (1000, 1000))
            corner = large.convert("RGB").getpixel((3, 3))
        with Image.open(stored(track.cover_small_file.name)) as small:
            assert small.size == (300, 300)
        start = synth.gradient_colours(track.cover_gradient)["from"]
        assert max(abs(a - b) for a, b in zip(corner, start, strict=True)) <= 60
        assert track.created_at < track.updated_at  # backdated into the catalogue's history
    bpms = {t.bpm for t in tracks}
    assert len(bpms) == 3 and all(60 <= b <= 176 for b in bpms)


def test_demo_artists_pages_resolve_from_their_tracks(db, client):
    seed(*SHORT, "--tracks", "12", "--plays", "0")
    tracks = list(Track.objects.select_related("owner"))
    assert len({t.owner_id for t in tracks}) == 12
    assert len({t.audio_file.name for t in tracks}) == 12  # each its own upload
    for track in tracks:
        assert track.processing_status == ProcessingStatus.READY
        assert track.artist_slug == track.owner.username
        assert TAILWIND_GRADIENT.match(track.cover_gradient), track.cover_gradient
        response = client.get(f"/musewave/users/username/{track.artist_slug}/")
        assert response.status_code == 200, track.artist_slug
        assert response.json()["username"] == track.artist_slug
    for album in Album.objects.all():
        assert TAILWIND_GRADIENT.match(album.cover_gradient)


def test_if_empty_leaves_an_existing_database_alone(alice):
    assert "already has data" in seed("--if-empty")
    assert snapshot() == (1, 0, 0, 0, 0, 0, 0, 0, 0)
    assert stored_files() == []


def test_if_empty_seeds_an_empty_database(db):
    assert "Demo catalogue ready" in seed("--if-empty", *SHORT, "--tracks", "2", "--plays", "10")
    assert Track.objects.filter(processing_status=ProcessingStatus.READY).count() == 2


@pytest.mark.parametrize("seconds", ["0.5", "45.5"])
def test_a_piece_length_out_of_bounds_is_refused(db, seconds):
    err = StringIO()
    call_command("seed_demo", "--piece-seconds", seconds, stdout=StringIO(), stderr=err)
    assert "--piece-seconds must be between 1 and 45." in err.getvalue()
    assert snapshot() == (0,) * len(MODELS)


def test_the_uploads_are_processed_here_even_with_a_broker(db, background_jobs_eager):
    background_jobs_eager(False)
    seed(*SHORT, "--tracks", "2", "--plays", "0")
    assert Track.objects.filter(processing_status=ProcessingStatus.READY).count() == 2
    assert celery_app.conf.task_always_eager is False  # and the setting is left as it was


def test_a_rerun_processes_what_an_interrupted_run_left_pending(db):
    seed(*SHORT, "--tracks", "2", "--plays", "0")
    left = Track.objects.first()
    Track.objects.filter(pk=left.pk).update(
        processing_status=ProcessingStatus.PENDING, waveform=None, stream_file=""
    )
    seed(*SHORT, "--tracks", "2", "--plays", "0")
    left.refresh_from_db()
    assert left.processing_status == ProcessingStatus.READY
    assert left.waveform["points"] == 1000
    stored(left.stream_file.name)
    assert Track.objects.count() == 2


@pytest.fixture
def demo_tracks(db, monkeypatch):
    """How many tracks the seed makes and processes one by one (fewer than the real fifty keep
    the tests quick; the others share their files)."""

    def limit(count: int) -> None:
        monkeypatch.setattr(seed_demo, "DEMO_TRACKS", count)

    return limit


def test_seed_scales_up_sharing_the_demo_tracks_files(demo_tracks):
    demo_tracks(4)
    seed(*SHORT, "--users", "30", "--tracks", "80", "--plays", "12000")
    assert (User.objects.count(), Track.objects.count(), Play.objects.count()) == (30, 80, 12000)
    assert sum(Track.objects.values_list("plays", flat=True)) == 12000
    # Four uploads made every file: original, rendition, cover and small cover each.
    assert len(stored_files()) == 4 * 4
    groups: dict[str, list[Track]] = {}
    for track in Track.objects.select_related("owner"):
        groups.setdefault(track.audio_file.name, []).append(track)
        assert track.processing_status == ProcessingStatus.READY
        assert track.artist_slug == track.owner.username
    assert len(groups) == 4
    for group in groups.values():
        for field in seed_demo.SHARED_FIELDS:
            assert len({repr(getattr(t, field)) for t in group}) == 1, field
    # An artist with a demo track shares its files; the others share any demo track's.
    luna = Track.objects.filter(owner__username="luna_waves")
    assert luna.count() == 7 and luna.values("audio_file").distinct().count() == 1
    snapshot_before = snapshot()
    seed(*SHORT, "--users", "30", "--tracks", "80", "--plays", "12000")
    assert snapshot() == snapshot_before


def test_deleting_a_track_keeps_the_files_other_tracks_share(demo_tracks, run_on_commit):
    demo_tracks(4)
    seed(*SHORT, "--users", "14", "--tracks", "8", "--plays", "0")
    shared_name = Track.objects.get(owner__username="luna_waves").audio_file.name
    sharing = list(Track.objects.filter(audio_file=shared_name).select_related("owner"))
    assert len(sharing) == 2
    files = stored_files()
    with run_on_commit():
        services.track_delete(actor=sharing[0].owner, track=sharing[0])
    assert stored_files() == files
    with run_on_commit():
        services.track_delete(actor=sharing[1].owner, track=sharing[1])
    assert len(stored_files()) == len(files) - 4
    assert not default_storage.exists(shared_name)


def test_reprocessing_a_sharing_track_keeps_the_rendition_the_others_play(
    demo_tracks, run_on_commit
):
    demo_tracks(4)
    seed(*SHORT, "--users", "14", "--tracks", "8", "--plays", "0")
    first, second = Track.objects.filter(
        audio_file=Track.objects.get(owner__username="luna_waves").audio_file.name
    )
    old_stream = first.stream_file.name
    with run_on_commit():
        services.track_audio_process(track_id=first.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.stream_file.name != old_stream
    assert second.stream_file.name == old_stream
    stored(old_stream)
    stored(first.stream_file.name)


def test_every_demo_track_streams_and_seeks(demo_tracks, client):
    """Through the stream path a player uses: the whole rendition, then a seek into its middle,
    for the tracks with uploads of their own and for those sharing them."""
    demo_tracks(3)
    seed(*SHORT, "--users", "20", "--tracks", "8", "--plays", "0")
    tracks = list(Track.objects.filter(published=True))
    assert len(tracks) >= 6
    for track in tracks:
        with default_storage.open(track.stream_file.name, "rb") as rendition:
            expected = rendition.read()
        whole = client.get(f"/musewave/tracks/{track.pk}/stream/")
        assert whole.status_code == 200, track.title
        assert whole["Content-Type"] == "audio/mp4"
        assert b"".join(whole.streaming_content) == expected
        middle = len(expected) // 2
        seek = client.get(f"/musewave/tracks/{track.pk}/stream/", HTTP_RANGE=f"bytes={middle}-")
        assert seek.status_code == 206
        assert seek["Content-Range"] == f"bytes {middle}-{len(expected) - 1}/{len(expected)}"
        assert b"".join(seek.streaming_content) == expected[middle:]

"""The data migration that clamps rows stored before the bounds were enforced."""

import importlib

import pytest
from django.apps import apps

from musewave import services
from musewave.models import Album, Play, Track
from musewave.selectors import stats
from musewave.services.rollups import rollups_rebuild

clamp = importlib.import_module("musewave.migrations.0003_bounds").clamp

pytestmark = pytest.mark.django_db


def test_out_of_range_rows_are_clamped_and_stats_work_again(track, make_track, alice, bob):
    endless = make_track(owner=alice, audio_duration=0.0)
    plays = [services.play_record(actor=None, track=track, duration=10.0)[0]]
    plays.append(services.play_record(actor=bob, track=track, duration=20.0)[0])
    plays.append(services.play_record(actor=bob, track=endless, duration=5.0)[0])
    # What the old code let through (written around the services, as it was then).
    Play.objects.filter(pk=plays[0].pk).update(duration=1e200)
    Play.objects.filter(pk=plays[1].pk).update(duration=-3.0)
    Play.objects.filter(pk=plays[2].pk).update(duration=1e300)
    Track.objects.filter(pk=track.pk).update(
        bpm=5000,
        audio_file_size=10**15,
        description="d" * 6000,
        waveform_data="w" * 70000,
        tags=[f"tag{i}" for i in range(40)] + ["x" * 80],
    )
    Track.objects.filter(pk=endless.pk).update(audio_duration=1e12)
    album = Album.objects.create(
        owner=alice, title="LP", artist="Alice", genre="pop", release_date="2026-01-01T00:00Z"
    )
    Album.objects.filter(pk=album.pk).update(description="a" * 5001)

    clamp(apps, None)
    rollups_rebuild()  # as 0011 fills the rollups from the rows 0003 clamped

    durations = dict(Play.objects.values_list("pk", "duration"))
    assert [durations[p.pk] for p in plays] == [205.0, 0.0, 86400.0]
    track.refresh_from_db()
    assert (track.bpm, track.audio_file_size, len(track.description)) == (999, 4 * 1024**3, 5000)
    assert track.waveform_data is None
    assert track.tags == [f"tag{i}" for i in range(30)]
    assert Track.objects.get(pk=endless.pk).audio_duration == 86400.0
    assert len(Album.objects.get(pk=album.pk).description) == 5000
    figures = stats.track_stats(track=track)
    assert (figures.total_plays, figures.avg_listen_duration) == (2, 102.5)


def test_rows_within_bounds_are_left_alone(track, bob):
    play, _ = services.play_record(actor=bob, track=track, duration=12.5)
    before = Track.objects.filter(pk=track.pk).values().get()
    clamp(apps, None)
    assert Track.objects.filter(pk=track.pk).values().get() == before
    assert Play.objects.get(pk=play.pk).duration == 12.5

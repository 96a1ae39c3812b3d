"""Background processing: waveform, loudness, the streaming rendition and the status."""

import io
import json

import av
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from musewave import services
from musewave.media import waveform as waveforms
from musewave.media.loudness import LoudnessMeter
from musewave.models import Track
from tests.conftest import stored_files
from tests.media import factories


def _upload(alice, data: bytes, name="tone.flac", **fields) -> Track:
    fields.setdefault("genre", "test")
    return services.track_upload(actor=alice, audio=SimpleUploadedFile(name, data), **fields)


@pytest.mark.parametrize(
    ("kind", "channels", "amplitude", "expected"),
    [
        # A 1 kHz sine of peak amplitude A in both channels measures 20·log10(A) LUFS; in one
        # channel 3 dB less (ebur128 does not treat mono as dual mono).
        ("flac", 2, 0.1, -20.0),
        ("wav", 2, 0.5, -6.02),
        ("flac", 1, 0.1, -23.01),
        ("mp3", 2, 0.25, -12.04),
    ],
)
def test_loudness_of_a_tone_of_known_level(
    alice, run_on_commit, kind, channels, amplitude, expected
):
    with run_on_commit():
        track = _upload(
            alice,
            factories.tone(kind, seconds=3, amplitude=amplitude, channels=channels),
            name=f"tone.{kind}",
        )
    track.refresh_from_db()
    assert track.processing_status == "ready", track.processing_error
    assert track.loudness == pytest.approx(expected, abs=0.5)
    assert track.replay_gain == pytest.approx(-18 - track.loudness, abs=0.01)
    assert track.true_peak == pytest.approx(expected - (0 if channels == 2 else -3.01), abs=0.5)


def test_silence_has_no_loudness(alice, run_on_commit):
    with run_on_commit():
        track = _upload(alice, factories.tone("wav", amplitude=0.0))
    track.refresh_from_db()
    assert track.processing_status == "ready"
    assert (track.loudness, track.true_peak, track.replay_gain) == (None, None, None)
    assert set(track.waveform["peaks"]) == {0.0}


def test_the_rendition_is_aac_in_m4a_at_the_configured_bitrate(alice, run_on_commit, settings):
    settings.MUSEWAVE_STREAM_BITRATE = "96k"
    with run_on_commit():
        track = _upload(alice, factories.tone("flac", seconds=3))
    track.refresh_from_db()
    with av.open(track.stream_file.path) as rendition:
        stream = rendition.streams.audio[0]
        assert rendition.format.name.startswith("mov,mp4,m4a")
        assert stream.codec_context.name == "aac"
        assert rendition.duration / av.time_base == pytest.approx(3.0, abs=0.05)
        assert 60_000 < (stream.bit_rate or rendition.bit_rate) < 130_000
    # The original stays for downloads.
    assert track.audio_file.name.endswith(".flac") and track.audio_file.name in stored_files()


def test_the_waveform_follows_the_audio(alice, run_on_commit):
    # Loud for 1 s, then a quarter as loud for 1 s.
    loud = factories.tone("wav", seconds=1, amplitude=0.8)
    quiet = factories.tone("wav", seconds=1, amplitude=0.2)
    data = _concatenate_wav(loud, quiet)
    with run_on_commit():
        track = _upload(alice, data, name="steps.wav")
    track.refresh_from_db()
    peaks = track.waveform["peaks"]
    assert track.waveform["version"] == 1 and track.waveform["points"] == len(peaks) == 1000
    assert track.waveform["duration"] == pytest.approx(2.0, abs=0.01)
    assert min(peaks) >= 0 and max(peaks) == 1.0
    assert peaks[100:450] == pytest.approx([1.0] * 350, abs=0.01)
    assert peaks[550:900] == pytest.approx([0.25] * 350, abs=0.01)
    legacy = json.loads(track.waveform_data)
    assert len(legacy) == 100 and legacy[20] == pytest.approx(1.0) and legacy[80] == 0.25


def _concatenate_wav(*parts: bytes) -> bytes:
    buffer = io.BytesIO()
    out = av.open(buffer, "w", format="wav")
    stream = out.add_stream("pcm_s16le", rate=44100)
    stream.layout = "stereo"
    for part in parts:
        with av.open(io.BytesIO(part)) as source:
            for frame in source.decode(audio=0):
                frame.pts = None
                for packet in stream.encode(frame):
                    out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
    out.close()
    return buffer.getvalue()


def test_resampling_keeps_peaks_and_stretches_smoothly():
    assert waveforms.resample([0, 1, 0, 0, 0.5, 0], 3) == [1, 0, 0.5]
    assert waveforms.resample([0, 1], 3) == [0, 0.5, 1]
    assert waveforms.resample([], 2) == [0.0, 0.0]


def test_the_meter_passes_audio_through():
    meter = LoudnessMeter()
    with av.open(io.BytesIO(factories.tone("wav", seconds=1))) as source:
        samples = sum(out.samples for f in source.decode(audio=0) for out in meter.push(f))
    samples += sum(out.samples for out in meter.push(None))
    assert samples == 44100


def test_status_moves_from_pending_to_ready(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        track = _upload(alice, factories.tone("mp3"))
    assert Track.objects.get(pk=track.pk).processing_status == "pending"
    # The processing job (and the pending status for live subscribers) wait for the commit.
    jobs = [callback for callback in callbacks if callback.__name__ == "enqueue"]
    assert len(callbacks) == 2 and len(jobs) == 1
    jobs[0]()
    track.refresh_from_db()
    assert track.processing_status == "ready" and track.processing_error is None


def test_a_failed_job_says_why_and_keeps_the_original(alice, run_on_commit, settings):
    with run_on_commit():
        track = _upload(alice, factories.tone("flac", seconds=3))
    track.refresh_from_db()
    original, stream = track.audio_file.name, track.stream_file.name
    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 1
    result = services.track_audio_process(track_id=track.pk)
    assert result.processing_status == "failed"
    assert "longer than the limit" in result.processing_error
    assert result.audio_file.name == original and result.stream_file.name == stream
    assert {original, stream} <= set(stored_files())

    settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = 3600
    with run_on_commit():
        call_command("reprocess_tracks", stdout=io.StringIO(), stderr=io.StringIO())
    track.refresh_from_db()
    assert track.processing_status == "ready"
    # The new rendition replaced the old one, which was deleted.
    assert track.stream_file.name != stream and stream not in stored_files()


def test_a_damaged_original_fails_processing(alice, run_on_commit):
    with run_on_commit():
        track = _upload(alice, factories.tone("flac", seconds=3))
    track.refresh_from_db()
    with open(track.audio_file.path, "wb") as damaged:
        damaged.write(b"overwritten")
    result = services.track_audio_process(track_id=track.pk)
    assert result.processing_status == "failed" and result.processing_error


def test_tracks_from_external_urls_are_ready(make_track, alice):
    track = make_track(owner=alice)
    assert track.processing_status == "ready"
    assert services.track_audio_process(track_id=track.pk).processing_status == "ready"


def test_reprocess_all_shows_progress(alice, run_on_commit):
    with run_on_commit():
        _upload(alice, factories.tone("mp3"))
        _upload(alice, factories.tone("wav"))
    out, err = io.StringIO(), io.StringIO()
    call_command("reprocess_tracks", "--all", stdout=out, stderr=err)
    assert "Processed 2 tracks: 2 ready, 0 failed." in out.getvalue()
    assert "2/2" in err.getvalue()

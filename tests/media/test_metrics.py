"""Upload processing metrics: processed and failed uploads by format, and processing time."""

from django.core.files.uploadedfile import SimpleUploadedFile
from prometheus_client import REGISTRY

from musewave import services
from musewave.models import Track
from tests.media import factories


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _upload(alice, data: bytes, name: str) -> Track:
    return services.track_upload(actor=alice, audio=SimpleUploadedFile(name, data), genre="test")


def test_processed_and_failed_uploads_are_counted_by_format(alice, run_on_commit):
    before = {
        (metric, kind): value(f"musewave_uploads_{metric}_total", format=kind)
        for metric in ("processed", "failed")
        for kind in ("flac", "mp3")
    }
    timed = value("musewave_upload_processing_seconds_count", format="flac")
    time_spent = value("musewave_upload_processing_seconds_sum", format="flac")

    with run_on_commit():
        flac = _upload(alice, factories.tone("flac", seconds=1), "tone.flac")
    flac.refresh_from_db()
    assert flac.processing_status == "ready"
    assert (
        value("musewave_uploads_processed_total", format="flac") == before["processed", "flac"] + 1
    )
    assert value("musewave_uploads_failed_total", format="flac") == before["failed", "flac"]
    assert value("musewave_upload_processing_seconds_count", format="flac") == timed + 1
    assert value("musewave_upload_processing_seconds_sum", format="flac") > time_spent

    # A damaged original fails: counted as failed, and its time is measured too.
    with run_on_commit():
        mp3 = _upload(alice, factories.tone("mp3", seconds=1), "tone.mp3")
    mp3.refresh_from_db()
    with open(mp3.audio_file.path, "wb") as damaged:
        damaged.write(b"overwritten")
    result = services.track_audio_process(track_id=mp3.pk)
    assert result.processing_status == "failed"
    assert value("musewave_uploads_processed_total", format="mp3") == before["processed", "mp3"] + 1
    assert value("musewave_uploads_failed_total", format="mp3") == before["failed", "mp3"] + 1
    assert (
        value("musewave_uploads_processed_total", format="flac") == before["processed", "flac"] + 1
    )
    assert value("musewave_uploads_failed_total", format="flac") == before["failed", "flac"]

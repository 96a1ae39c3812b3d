"""Processing a track's uploaded audio: the background job behind every upload."""

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

from musewave import metrics
from musewave.media import storage
from musewave.media import waveform as waveforms
from musewave.media.errors import MediaError
from musewave.media.probe import Source
from musewave.media.transcode import RENDITION_EXTENSION, parse_bitrate, process_audio
from musewave.models import ProcessingStatus, Track
from musewave.services.live import track_processing_publish
from musewave.services.notifications import notification_upload_processed
from musewave.services.tracks import track_duration_changed, unshared_track_files

logger = logging.getLogger(__name__)

# When the decoded length differs from what the container said by more than this, the
# container's figure was an estimate (e.g. a VBR MP3 without a header) and the decoded one wins.
DURATION_TOLERANCE_SECONDS = 0.5
INTERNAL_FAILURE = "Processing failed because of an internal error; try again later."


@contextlib.contextmanager
def _stored_source(name: str) -> Iterator[Source]:
    """The stored file, as a local path when the storage has one (faster), else a file."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        with default_storage.open(name, "rb") as file:
            yield file
    else:
        yield path


def _claim(track_id: Any) -> tuple[str, float, str] | None:
    """Mark the track as processing; returns (its audio file's name, its duration, its format)."""
    with transaction.atomic():
        track = Track.objects.select_for_update().filter(pk=track_id).first()
        if track is None or not track.audio_file:
            return None
        track.processing_status = ProcessingStatus.PROCESSING
        track.processing_error = None
        track.save(update_fields=["processing_status", "processing_error", "updated_at"])
        track_processing_publish(track_id=track.pk)
        return track.audio_file.name, track.audio_duration, track.audio_format


def _current(track_id: Any, audio_name: str) -> Track | None:
    """The track, locked, if its audio is still the file that was processed."""
    track = Track.objects.select_for_update().filter(pk=track_id).first()
    if track is None or track.audio_file.name != audio_name:
        return None  # deleted or given other audio meanwhile: that upload has its own job
    return track


def _finished(track: Track) -> None:
    """Processing ended (the track is ready or failed): tell its owner, after the commit."""
    track_processing_publish(track_id=track.pk)
    notification_upload_processed(track=track)


def _fail(track_id: Any, audio_name: str, message: str) -> None:
    with transaction.atomic():
        track = _current(track_id, audio_name)
        if track is not None:
            track.processing_status = ProcessingStatus.FAILED
            track.processing_error = message[:2000]
            track.save(update_fields=["processing_status", "processing_error", "updated_at"])
            _finished(track)


def track_audio_process(*, track_id: Any) -> Track | None:
    """Decode the track's original once: waveform, loudness and the AAC/M4A streaming rendition.

    The track is `processing` meanwhile, then `ready`, or `failed` with the reason in
    `processing_error`; each change is published to the track's live subscribers and the end
    notifies the owner (both after the commit). A failure leaves the track and its original as
    they were. Safe to run again (`reprocess_tracks`), and a no-op for tracks without uploaded
    audio.
    """
    claimed = _claim(track_id)
    if claimed is None:
        return Track.objects.filter(pk=track_id).first()
    audio_name, expected_duration, audio_format = claimed
    started = time.monotonic()

    def measured(counter: Any) -> None:
        counter.labels(format=audio_format).inc()
        metrics.UPLOAD_PROCESSING_SECONDS.labels(format=audio_format).observe(
            time.monotonic() - started
        )

    try:
        with tempfile.TemporaryDirectory(prefix="musewave-") as work:
            rendition = os.path.join(work, f"stream.{RENDITION_EXTENSION}")
            with _stored_source(audio_name) as source:
                result = process_audio(
                    source,
                    rendition,
                    bitrate=parse_bitrate(settings.MUSEWAVE_STREAM_BITRATE),
                    max_seconds=settings.MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS,
                    expected_duration=expected_duration,
                )
            with storage.StoredFiles() as stored, transaction.atomic():
                track = _current(track_id, audio_name)
                if track is None:
                    return None
                with open(rendition, "rb") as rendered:
                    stream_name = stored.save("streams", RENDITION_EXTENSION, rendered)
                storage.delete_on_commit(
                    unshared_track_files(names=[track.stream_file.name], track_id=track.pk)
                )
                track.stream_file = stream_name
                track.waveform = result.waveform
                track.waveform_data = waveforms.legacy_waveform_data(result.waveform)
                track.loudness = result.loudness.integrated
                track.true_peak = result.loudness.true_peak
                track.replay_gain = result.loudness.replay_gain
                duration_changed = (
                    abs(result.duration - track.audio_duration) > DURATION_TOLERANCE_SECONDS
                )
                if duration_changed:
                    track.audio_duration = round(result.duration, 6)
                track.processing_status = ProcessingStatus.READY
                track.processing_error = None
                track.save()
                if duration_changed:
                    track_duration_changed(track_id=track.pk)
                _finished(track)
            measured(metrics.UPLOADS_PROCESSED)
            return track
    except MediaError as exc:
        _fail(track_id, audio_name, str(exc))
        measured(metrics.UPLOADS_FAILED)
    except Exception:
        logger.exception("Processing track %s failed", track_id)
        _fail(track_id, audio_name, INTERNAL_FAILURE)
        measured(metrics.UPLOADS_FAILED)
    return Track.objects.filter(pk=track_id).first()

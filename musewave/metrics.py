"""MuseWave's own Prometheus metrics, beside django-prometheus's HTTP, database and cache ones.

Counters move when the write they count has committed, so a rolled-back write counts nothing.
"""

from django.db import transaction
from prometheus_client import Counter, Gauge, Histogram

PLAYS_RECORDED = Counter("musewave_plays_recorded", "Plays recorded (accepted and stored).")
DOWNLOADS_RECORDED = Counter("musewave_downloads_recorded", "Downloads recorded.")
THROTTLED_REQUESTS = Counter(
    "musewave_throttled_requests",
    "Requests refused by an abuse limit, by the limit's scope.",
    ["scope"],
)


def count_on_commit(counter: Counter, amount: float = 1) -> None:
    """Add `amount` to `counter` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: counter.inc(amount))


# Uploads: each processing job ends processed (the track is ready) or failed, by the format of
# the uploaded original (mp3, flac, …).
UPLOADS_PROCESSED = Counter(
    "musewave_uploads_processed", "Uploaded audio files processed, by format.", ["format"]
)
UPLOADS_FAILED = Counter(
    "musewave_uploads_failed",
    "Uploaded audio files whose processing failed, by format.",
    ["format"],
)
UPLOAD_PROCESSING_SECONDS = Histogram(
    "musewave_upload_processing_seconds",
    "Time to process one uploaded audio file (decode, waveform, loudness, rendition), by format.",
    ["format"],
    buckets=(0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)

# Live updates: WebSocket connections accepted and not yet closed, subscriptions running on them
# (summed over the processes when PROMETHEUS_MULTIPROC_DIR is set).
WEBSOCKET_CONNECTIONS = Gauge(
    "musewave_websocket_connections",
    "WebSocket connections open at /graphql.",
    multiprocess_mode="livesum",
)
WEBSOCKET_SUBSCRIPTIONS = Gauge(
    "musewave_websocket_subscriptions",
    "GraphQL subscriptions running over WebSocket connections.",
    multiprocess_mode="livesum",
)

"""MuseWave's own Prometheus metrics, beside django-prometheus's HTTP, database and cache ones.

Counters move when the write they count has committed, so a rolled-back write counts nothing.
"""

from django.db import transaction
from prometheus_client import Counter

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

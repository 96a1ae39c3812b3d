"""Track counters move only through these atomic `F()` updates.

Each also moves the track's `activity_sequence` (see `musewave.services.live`): a counter that
moves is activity live subscribers hear of, and one `UPDATE` does both. Each returns whether
it moved anything; the caller then publishes with `track_activity_publish(advanced=…)`."""

from typing import Literal
from uuid import UUID

from django.db.models import F
from django.utils import timezone

from musewave.models import Track

Counter = Literal["plays", "likes", "downloads", "shares"]


def _moved(tracks, counter: Counter, step: int) -> bool:
    # A counter is part of the track: its change moves `updated_at` like any other edit.
    return bool(
        tracks.update(
            **{counter: F(counter) + step},
            activity_sequence=F("activity_sequence") + 1,
            updated_at=timezone.now(),
        )
    )


def counter_increment(*, track_id: UUID, counter: Counter) -> bool:
    return _moved(Track.objects.filter(pk=track_id), counter, 1)


def counter_decrement(*, track_id: UUID, counter: Counter) -> bool:
    # The filter keeps a counter from going below zero even if rows and counters ever disagree.
    return _moved(Track.objects.filter(pk=track_id, **{f"{counter}__gt": 0}), counter, -1)

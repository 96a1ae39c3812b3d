"""Track counters move only through these atomic `F()` updates."""

from typing import Literal
from uuid import UUID

from django.db.models import F
from django.utils import timezone

from musewave.models import Track

Counter = Literal["plays", "likes", "downloads", "shares"]


def counter_increment(*, track_id: UUID, counter: Counter) -> None:
    # A counter is part of the track: its change moves `updated_at` like any other edit.
    Track.objects.filter(pk=track_id).update(**{counter: F(counter) + 1}, updated_at=timezone.now())


def counter_decrement(*, track_id: UUID, counter: Counter) -> None:
    # The filter keeps a counter from going below zero even if rows and counters ever disagree.
    Track.objects.filter(pk=track_id, **{f"{counter}__gt": 0}).update(
        **{counter: F(counter) - 1}, updated_at=timezone.now()
    )

"""Fixtures for statistics: plays placed at exact moments."""

from datetime import UTC, datetime

import pytest

from musewave import services
from musewave.models import Play, Track, User

# Noon UTC: far from a UTC midnight, so `now`-relative windows never straddle one by accident.
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(autouse=True)
def _every_play_counts(settings):
    # Each hand-built play is a separate listen; refusing quick replays is tested with the
    # services, not here.
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0


@pytest.fixture
def play_at(db):
    """Record a play through the service (which stamps the current time and counts it on the
    track), then move it to `at`."""

    def make(
        track: Track,
        at: datetime,
        *,
        user: User | None = None,
        duration: float = 0.0,
        completed: bool = False,
    ) -> Play:
        play, _ = services.play_record(
            actor=user, track=track, duration=duration, completed=completed
        )
        Play.objects.filter(pk=play.pk).update(created_at=at)
        play.refresh_from_db()
        return play

    return make

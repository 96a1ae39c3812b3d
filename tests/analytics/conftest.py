"""Fixtures for statistics: plays placed at exact moments."""

from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

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
    """Record a play through the service (which counts it on the track and in the rollups) as
    if it were `at`."""

    def make(
        track: Track,
        at: datetime,
        *,
        user: User | None = None,
        duration: float = 0.0,
        completed: bool = False,
    ) -> Play:
        with freeze_time(at):
            play, _ = services.play_record(
                actor=user, track=track, duration=duration, completed=completed
            )
        return play

    return make

"""Statistics from the rollups against the aggregate queries over every play, and the cost the
rollups add to recording a play. In process, uncached, on the database of DATABASE_URL.

    .venv/bin/python manage.py seed_demo --users 1000 --tracks 20000 --plays 900000
    .venv/bin/python bench/rollups.py --hot-plays 100000

`--hot-plays` first tops the most played track up to that many plays (bulk inserts, then its
rollups rebuilt). The aggregate queries are those the statistics ran before the rollups
(`tests/analytics/oracle.py`). Recording plays writes rows: run it on a database for benchmarks.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from musewave import services  # noqa: E402
from musewave.models import Play, Track, User  # noqa: E402
from musewave.selectors import stats  # noqa: E402
from musewave.services import listening, rollups  # noqa: E402
from tests.analytics import oracle  # noqa: E402


def _timed(work, repeat: int) -> tuple[float, float]:
    """p50 and p95 of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def _top_up(track: Track, wanted: int) -> None:
    missing = wanted - Play.objects.filter(track=track).count()
    if missing <= 0:
        return
    rng = random.Random(14)
    users = list(User.objects.values_list("pk", flat=True)[:1000])
    now = timezone.now()
    rows = (
        Play(
            track_id=track.pk,
            user_id=rng.choice(users) if rng.random() < 0.8 else None,
            duration=round(track.audio_duration * rng.random(), 2),
            completed=rng.random() < 0.3,
            created_at=now - timedelta(seconds=rng.uniform(0, 60 * 86400)),
        )
        for _ in range(missing)
    )
    batch: list[Play] = []
    for play in rows:
        batch.append(play)
        if len(batch) == 5000:
            Play.objects.bulk_create(batch)
            batch = []
    Play.objects.bulk_create(batch)
    Track.objects.filter(pk=track.pk).update(plays=Play.objects.filter(track=track).count())
    rollups.rollups_rebuild(track_ids=[track.pk])


def _report(name: str, before: tuple[float, float], after: tuple[float, float]) -> None:
    print(
        f"{name:<34} before p50 {before[0]:9.2f} ms p95 {before[1]:9.2f} | "
        f"after p50 {after[0]:8.3f} ms p95 {after[1]:8.3f} | {before[0] / after[0]:8.1f}x"
    )


def _plays(tracks: list[Track], listeners: list[User], count: int, rng: random.Random) -> None:
    for _ in range(count):
        services.play_record(
            actor=rng.choice(listeners) if rng.random() < 0.8 else None,
            track=rng.choice(tracks),
            duration=rng.uniform(0, 60),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hot-plays", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--writes", type=int, default=1000)
    options = parser.parse_args()
    settings.MUSEWAVE_STATS_CACHE_SECONDS = 0
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0

    hot = Track.objects.order_by("-plays").first()
    _top_up(hot, options.hot_plays)
    hot.refresh_from_db()
    owner = hot.owner
    now = timezone.now()
    print(
        f"{connection.vendor}: {Play.objects.count()} plays, {Track.objects.count()} tracks; "
        f"hot track {hot.plays} plays; its owner has {owner.tracks.count()} tracks"
    )
    repeat = options.repeat
    cases = [
        (
            "track stats, hot track",
            lambda: oracle.track_stats(track=hot, now=now),
            lambda: stats.track_stats(track=hot, now=now),
        ),
        (
            "listen histogram, hot track",
            lambda: oracle.track_listen_histogram(track=hot),
            lambda: stats.track_listen_histogram(track=hot),
        ),
        (
            "user stats, owner of the hot track",
            lambda: oracle.user_stats(user=owner, now=now),
            lambda: stats.user_stats(user=owner, now=now),
        ),
        (
            "top tracks, last 30 days",
            lambda: oracle.tracks_top(owner=owner, since=now - timedelta(days=30)),
            lambda: stats.tracks_top(owner=owner, since=now - timedelta(days=30)),
        ),
        (
            "trending, 7 days",
            lambda: oracle.tracks_trending(now=now),
            lambda: stats.tracks_trending(now=now),
        ),
    ]
    for name, before, after in cases:
        _report(name, _timed(before, max(3, repeat // 4)), _timed(after, repeat))

    # Play writes: the same calls with the rollups' upserts switched off ("before").
    rng = random.Random(1)
    tracks = list(Track.objects.filter(published=True).order_by("?")[:200])
    listeners = list(User.objects.order_by("?")[:200])
    writes = options.writes
    original = listening.rollups_play_recorded
    results = {}
    for label, hook in (("before", lambda *, play, track: None), ("after", original)):
        listening.rollups_play_recorded = hook
        try:
            with transaction.atomic():
                _plays(tracks, listeners, 20, rng)  # warm up
                transaction.set_rollback(True)
            results[label] = _timed(lambda: _plays(tracks, listeners, 1, rng), writes)
        finally:
            listening.rollups_play_recorded = original
    _report("play_record (one transaction)", results["before"], results["after"])
    print("(the play_record ratio is before/after: below 1 means the rollups cost that share)")


if __name__ == "__main__":
    main()

"""MuseWave beside the raw-SQL floor, on the same data, in one run.

For each scenario the script alternates one request to MuseWave (gunicorn, one sync worker,
production settings, statistics cache off) with one call of the scenario's floor: the same rows
fetched in this process with one hand-written SQL query and encoded with `json.dumps`. It prints
each side's p50 and p95 and their ratio, and writes everything to a JSON file that
`bench/plot.py` draws.

    python bench/compare.py --database-url postgres://postgres@127.0.0.1:5432/mw_compare \\
        --tracks 20000 --plays 500000 --hot-plays 10000,30000,100000 --out bench/results/pg-20k.json

The catalogue is seeded with `seed_demo` when the database holds fewer tracks than asked for;
the least played track is then topped up with plays to each `--hot-plays` step in turn, and
the statistics scenarios are measured at every step (p50 against the number of plays).
"""

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 5077
GRAPHQL_TRACKS = """query Tracks($limit: Int!) {
  tracks(limit: $limit) { id title plays owner { id username displayName } album { id title } }
}"""
TRACK_COLUMNS = (
    "id, owner_id, album_id, title, artist, artist_slug, description, genre, mood, tags, "
    "audio_url, audio_file_size, audio_duration, audio_format, cover_url, cover_gradient, "
    "waveform_data, bpm, key, plays, likes, downloads, shares, published, published_at, "
    "created_at, updated_at"
)


def server_environment(database_url: str) -> dict[str, str]:
    """Production settings, with the abuse limits and the statistics cache out of the way."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "THROTTLE_WRITE_IP": "off",
        "THROTTLE_WRITE_USER": "off",
        "PLAY_REPLAY_SECONDS": "0",
        "STATS_CACHE_SECONDS": "0",
        "MUSEWAVE_REQUIRE_AUTH": "false",
        "LOG_LEVEL": "WARNING",
        # A WSGI worker keeps its SQLite connection between requests, as a production WSGI
        # deployment would; PostgreSQL takes its connections from the pool (DB_POOL) instead.
        "DB_CONN_MAX_AGE": "60",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Server:
    """gunicorn with one sync worker, as the legacy figures were taken."""

    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        for _ in range(100):
            try:
                self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
                self.request("GET", "/musewave/tracks/?limit=1")
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the server did not start")

    def request(self, method: str, path: str, body: bytes | None = None) -> bytes:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise SystemExit(f"{method} {path} answered {response.status}: {payload[:300]!r}")
        return payload

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def floor_rows(sql: str, params: list) -> Callable[[], bytes]:
    """One hand-written query, its rows as dicts, encoded with json.dumps."""
    from django.db import connection

    def run() -> bytes:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return json.dumps(rows, default=str).encode()

    return run


def measure(
    server: Server,
    request: tuple[str, str, bytes | None],
    floor: Callable[[], bytes] | None,
    rounds: int,
) -> dict:
    """Alternate one request and one floor call, `rounds` times, after a short warm-up."""
    ours: list[float] = []
    raw: list[float] = []
    for index in range(rounds + 5):
        start = time.perf_counter()
        server.request(*request)
        elapsed = time.perf_counter() - start
        if index >= 5:
            ours.append(elapsed * 1000)
        if floor is not None:
            start = time.perf_counter()
            floor()
            elapsed = time.perf_counter() - start
            if index >= 5:
                raw.append(elapsed * 1000)
    result = {"musewave": summary(ours)}
    if raw:
        result["floor"] = summary(raw)
        result["ratio_p50"] = result["musewave"]["p50"] / result["floor"]["p50"]
    return result


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "n": len(ordered),
    }


def hot_track_top_up(track_id, plays: int) -> int:
    """Give the hot track `plays` plays in all (anonymous and signed-in listeners, 60 days)."""
    import random

    from django.db import transaction

    from musewave.models import Play, Track, User

    track = Track.objects.get(pk=track_id)
    missing = plays - Play.objects.filter(track=track).count()
    if missing <= 0:
        return Play.objects.filter(track=track).count()
    rng = random.Random(plays)
    listeners = list(User.objects.values_list("pk", flat=True)[:1000])
    now = datetime.now(UTC)
    batch = []
    for _ in range(missing):
        share = min(1.0, rng.betavariate(2, 1.2))
        batch.append(
            Play(
                track=track,
                user_id=rng.choice(listeners) if rng.random() < 0.8 else None,
                duration=round(track.audio_duration * share, 2),
                completed=share > 0.95,
                created_at=now - timedelta(seconds=rng.uniform(0, 60 * 86400)),
            )
        )
    with transaction.atomic():
        Play.objects.bulk_create(batch, batch_size=5000)
        Track.objects.filter(pk=track.pk).update(plays=Play.objects.filter(track=track).count())
    try:
        from musewave.services.rollups import rollups_rebuild
    except ImportError:  # code from before the rollups
        pass
    else:
        rollups_rebuild(track_ids=[track.pk])  # only the topped-up track's rollups changed
    analyze()
    return Play.objects.filter(track=track).count()


def analyze() -> None:
    """What autovacuum does in production in time after bulk loads (it may be off here):
    planner statistics and, on PostgreSQL, the visibility map index-only scans need. The
    benchmark's own, like the rest of its set-up, so that it treats earlier code alike."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--tracks", type=int, default=20000)
    parser.add_argument("--plays", type=int, default=500000)
    parser.add_argument("--hot-plays", default="100000", help="Comma-separated steps.")
    parser.add_argument("--rounds", type=int, default=200, help="Requests per scenario.")
    parser.add_argument("--label", default="", help="What is measured, e.g. before or after.")
    parser.add_argument("--out", type=Path, help="Write the results as JSON here.")
    parser.add_argument(
        "--only",
        default="",
        help="Comma-separated scenarios to measure (`stats` for the statistics steps); the "
        "others keep their figures from an existing --out file.",
    )
    args = parser.parse_args()

    env = server_environment(args.database_url)
    # Seeding and topping up run statements longer than the server's production timeout.
    setup_env = {**env, "DB_STATEMENT_TIMEOUT_MS": "0"}
    os.environ.update(setup_env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    manage(setup_env, "migrate", "--noinput", "-v0")
    import django

    django.setup()
    from django.db import connection

    from musewave.models import Track

    if Track.objects.count() < args.tracks:
        manage(setup_env, "seed_demo", "--users", str(args.users), "--tracks", str(args.tracks),
               "--plays", str(args.plays))  # fmt: skip
    analyze()
    # The statistics are measured on a track that starts with few plays and is topped up to each
    # step, so that their curve against the number of plays starts near zero.
    hot = Track.objects.filter(published=True).order_by("plays", "pk").first()
    owner_id = hot.owner_id
    vendor = connection.vendor
    tracks = Track.objects.count()
    word = "summer"
    two_words = "summer night"
    prefix = "sum"

    def db_id(value):
        # SQLite keeps a UUID as its 32 hex digits; PostgreSQL as a uuid.
        return value.hex if vendor == "sqlite" else value

    newest = floor_rows(
        f"SELECT {TRACK_COLUMNS} FROM musewave_track WHERE published "
        "ORDER BY created_at DESC, id DESC LIMIT 50",
        [],
    )
    detail = floor_rows(
        f"SELECT {TRACK_COLUMNS} FROM musewave_track WHERE id = %s", [db_id(hot.pk)]
    )
    track_stats = floor_rows(
        "SELECT COUNT(*) AS plays, COUNT(DISTINCT user_id) AS listeners, "
        "AVG(duration) AS average, SUM(CASE WHEN completed THEN 1 ELSE 0 END) AS completed "
        "FROM musewave_play WHERE track_id = %s",
        [db_id(hot.pk)],
    )
    user_stats = floor_rows(
        "SELECT COUNT(*) AS plays, COUNT(DISTINCT p.user_id) AS listeners, "
        "AVG(p.duration) AS average FROM musewave_play p "
        "JOIN musewave_track t ON t.id = p.track_id WHERE t.owner_id = %s AND t.published",
        [db_id(owner_id)],
    )
    graphql = json.dumps({"query": GRAPHQL_TRACKS, "variables": {"limit": 50}}).encode()
    scenarios: dict[str, tuple[tuple[str, str, bytes | None], Callable | None]] = {
        "list_50_newest": (("GET", "/musewave/tracks/?limit=50", None), newest),
        # The same page in the Express dialect: camelCase keys, timestamps in milliseconds.
        "express_list_50_newest": (("GET", "/api/tracks?limit=50", None), newest),
        "track_detail": (("GET", f"/musewave/tracks/{hot.pk}/", None), detail),
        "graphql_50_with_owner_album": (("POST", "/graphql", graphql), newest),
        "search_word": (("GET", f"/musewave/search/?q={word}&limit=20", None), None),
        "search_two_words": (
            ("GET", f"/musewave/search/?q={two_words.replace(' ', '+')}&limit=20", None),
            None,
        ),
        "search_prefix": (("GET", f"/musewave/search/?q={prefix}&limit=20", None), None),
        "play_write": (
            (
                "POST",
                f"/musewave/tracks/{hot.pk}/play/",
                json.dumps({"duration": round(hot.audio_duration / 2, 2)}).encode(),
            ),
            None,
        ),
    }
    results: dict = {
        "label": args.label,
        "engine": vendor,
        "tracks": tracks,
        "plays": None,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenarios": {},
        "stats_by_plays": [],
    }
    only = {name for name in args.only.split(",") if name}
    if only and args.out and args.out.exists():
        earlier = json.loads(args.out.read_text())
        results["scenarios"] = earlier["scenarios"]
        results["stats_by_plays"] = earlier["stats_by_plays"]
        results["plays"] = earlier["plays"]
    server = Server(env)
    try:
        for name, (request, floor) in scenarios.items():
            if only and name not in only:
                continue
            results["scenarios"][name] = measure(server, request, floor, args.rounds)
            print_row(name, results["scenarios"][name])
        steps = [int(s) for s in args.hot_plays.split(",") if s]
        if only and "stats" not in only:
            steps = []
        if steps:
            results["stats_by_plays"] = []
        for step in steps:
            plays = hot_track_top_up(hot.pk, step)
            row = {"plays": plays}
            row["track_stats"] = measure(
                server, ("GET", f"/musewave/tracks/{hot.pk}/stats/", None), track_stats,
                args.rounds,
            )  # fmt: skip
            row["user_stats"] = measure(
                server, ("GET", f"/musewave/users/{owner_id}/stats/", None), user_stats,
                args.rounds,
            )  # fmt: skip
            results["stats_by_plays"].append(row)
            print_row(f"track_stats @ {plays} plays", row["track_stats"])
            print_row(f"user_stats @ {plays} plays", row["user_stats"])
        if steps:
            results["plays"] = plays
    finally:
        server.stop()
    measured = results["scenarios"]
    if {"list_50_newest", "graphql_50_with_owner_album"} <= measured.keys():
        rest = measured["list_50_newest"]["musewave"]["p50"]
        gql = measured["graphql_50_with_owner_album"]["musewave"]["p50"]
        print(f"GraphQL list ÷ REST list (p50): {gql / rest:.2f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")


def print_row(name: str, result: dict) -> None:
    ours = result["musewave"]
    line = f"{name:40} MuseWave p50 {ours['p50']:8.2f} ms  p95 {ours['p95']:8.2f} ms"
    if "floor" in result:
        floor = result["floor"]
        line += (
            f"  | floor p50 {floor['p50']:7.2f} ms  p95 {floor['p95']:7.2f} ms"
            f"  | ratio {result['ratio_p50']:5.2f}"
        )
    print(line, flush=True)


if __name__ == "__main__":
    main()

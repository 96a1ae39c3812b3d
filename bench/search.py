"""Search latency in-process, uncached: p50 and p95 of `musewave.search.search` and of the legacy
REST endpoint on the catalogue in DATABASE_URL (SQLite or PostgreSQL), one query at a time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/musewave_bench python bench/search.py

Seed the catalogue first, e.g. `python manage.py seed_demo --users 1000 --tracks 100000`.
Nothing is cached between calls: search results never are. Prints a Markdown table.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

QUERIES = {
    "common word": "summer",
    "two words": "golden hour",
    "three-letter prefix": "mid",
    "substring": "ummer",
}


def _timings(call, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds per call. On SQLite the CPU time is the
    whole search and barely moves with the machine's load; on PostgreSQL the server's share
    is missing from it."""
    call()  # warm the connection and the page cache
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "0123456789abcdef" * 3)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # the request log would drown the table
    from django.db import connection
    from django.test import Client

    from musewave.models import Track
    from musewave.search import search

    client = Client()
    tracks, load = Track.objects.count(), os.getloadavg()[0]
    print(f"{connection.vendor}, {tracks:,} tracks, limit {args.limit}, load average {load:.1f}\n")
    print("| query | text | core p50 ms | core p95 ms | core CPU p50 ms | REST p50 ms | found |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, text in QUERIES.items():
        core, cpu = _timings(lambda t=text: search(query=t, limit=args.limit), args.rounds)
        rest, _ = _timings(
            lambda t=text: client.get("/musewave/search/", {"q": t, "limit": args.limit}),
            max(args.rounds // 4, 10),
        )
        found = len(search(query=text, limit=args.limit).tracks)
        p95 = statistics.quantiles(core, n=20)[-1]
        print(
            f"| {label} | `{text}` | {statistics.median(core):.1f} | {p95:.1f} "
            f"| {statistics.median(cpu):.1f} | {statistics.median(rest):.1f} | {found} |"
        )


if __name__ == "__main__":
    main()

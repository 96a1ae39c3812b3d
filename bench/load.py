"""A small closed-loop HTTP load generator for MuseWave's benchmarks (standard library only).

Each scenario runs `--concurrency` client threads with keep-alive connections against a server
on this machine, for `--requests` requests or `--seconds` seconds, whichever comes first, and
prints throughput and latency percentiles as a Markdown table row.

    python bench/load.py --base http://127.0.0.1:5055 --scenario rest_tracks
"""

import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable

Scenario = Callable[[dict], tuple[str, str, bytes | None]]

GRAPHQL_TRACKS = """query Tracks($limit: Int!) {
  tracks(limit: $limit) { id title plays owner { id username displayName } album { id title } }
}"""
GRAPHQL_STATS = """query Stats($id: ID!) {
  trackStats(trackId: $id) { totalUniqueListeners avgListenDuration completionRate }
}"""


def _graphql(query: str, variables: dict) -> tuple[str, str, bytes]:
    return "POST", "/graphql", json.dumps({"query": query, "variables": variables}).encode()


SCENARIOS: dict[str, Scenario] = {
    "rest_tracks": lambda ctx: ("GET", "/musewave/tracks/?limit=50", None),
    "rest_track": lambda ctx: ("GET", f"/musewave/tracks/{ctx['track']}/", None),
    "rest_track_stats": lambda ctx: ("GET", f"/musewave/tracks/{ctx['track']}/stats/", None),
    "rest_user_stats": lambda ctx: ("GET", f"/musewave/users/{ctx['user']}/stats/", None),
    "rest_search": lambda ctx: ("GET", "/musewave/search/?q=summer&limit=20", None),
    "rest_play": lambda ctx: (
        "POST",
        f"/musewave/tracks/{ctx['track']}/play/",
        json.dumps({"duration": 42.0}).encode(),
    ),
    "graphql_tracks": lambda ctx: _graphql(GRAPHQL_TRACKS, {"limit": 50}),
    "graphql_track_stats": lambda ctx: _graphql(GRAPHQL_STATS, {"id": ctx["track"]}),
}


def _discover(base: str) -> dict:
    """Ids to use in paths: the most played track and its owner."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("GET", "/musewave/tracks/?limit=1&sortBy=plays")
    track = json.loads(conn.getresponse().read())[0]
    conn.close()
    return {"track": track["id"], "user": track["user_id"]}


def run(base: str, name: str, concurrency: int, requests: int, seconds: float) -> dict:
    url = urllib.parse.urlsplit(base)
    ctx = _discover(base)
    scenario = SCENARIOS[name]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            method, path, body = scenario(ctx)
            start = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "scenario": name,
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000,
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5055")
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("benchmarks only target this machine (127.0.0.1 / localhost)")
    print("| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in args.scenario or sorted(SCENARIOS):
        r = run(args.base, name, args.concurrency, args.requests, args.seconds)
        print(
            f"| {r['scenario']} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['p99']:.1f} | {r['statuses']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

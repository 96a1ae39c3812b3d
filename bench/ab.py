"""Two checkouts of MuseWave served side by side on one database, their requests alternated.

What a change saves or costs, free of the machine's drift: each checkout runs its own gunicorn
(one sync worker, the production settings of `bench/compare.py`), and every round sends each
request to both, in turn first. Prints each side's p50 and their ratio.

    git worktree add ../before main
    python bench/ab.py --before ../before --database-url postgres://postgres@127.0.0.1:5432/mw \\
        /musewave/tracks/?limit=50 /api/tracks?limit=50 graphql

The database must already hold a catalogue (`bench/compare.py` seeds one). A path `graphql`
stands for the GraphQL list of `bench/compare.py`; a path with `{track}` gets the id of the
newest track the track list shows.
"""

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from compare import GRAPHQL_TRACKS, ROOT, server_environment

BEFORE_PORT, AFTER_PORT = 5078, 5079
DEFAULT_PATHS = [
    "/musewave/tracks/?limit=50",
    "/api/tracks?limit=50",
    "/musewave/tracks/{track}/",
    "graphql",
]
GRAPHQL_BODY = json.dumps({"query": GRAPHQL_TRACKS, "variables": {"limit": 50}}).encode()


def serve(checkout: Path, port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=checkout, env=env,
    )  # fmt: skip


def connect(port: int) -> http.client.HTTPConnection:
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", "/health/live")
            connection.getresponse().read()
            return connection
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not start")


def send(connection: http.client.HTTPConnection, path: str) -> bytes:
    if path == "graphql":
        headers = {"Content-Type": "application/json"}
        connection.request("POST", "/graphql", body=GRAPHQL_BODY, headers=headers)
    else:
        connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: {body[:300]!r}")
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="The earlier checkout.")
    parser.add_argument("--after", type=Path, default=ROOT, help="Default: this checkout.")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    args = parser.parse_args()

    env = server_environment(args.database_url)
    servers = [serve(args.before, BEFORE_PORT, env), serve(args.after, AFTER_PORT, env)]
    try:
        before, after = connect(BEFORE_PORT), connect(AFTER_PORT)
        newest = json.loads(send(after, "/musewave/tracks/?limit=1"))[0]["id"]
        for template in args.paths:
            path = template.replace("{track}", newest)
            times: dict[http.client.HTTPConnection, list[float]] = {before: [], after: []}
            for index in range(args.rounds + 10):
                for connection in (before, after) if index % 2 else (after, before):
                    start = time.perf_counter()
                    send(connection, path)
                    if index >= 10:  # a warm-up for both
                        times[connection].append((time.perf_counter() - start) * 1000)
            p50_before, p50_after = (statistics.median(times[c]) for c in (before, after))
            print(
                f"{template:40} before p50 {p50_before:7.2f} ms  after p50 {p50_after:7.2f} ms"
                f"  after/before {p50_after / p50_before:.2f}"
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()

"""Open N connections at once, each sending one write, and count what came back (standard
library only). A server with a short listen backlog resets some of them.

    python bench/burst.py --base http://127.0.0.1:5105 --connections 55
"""

import argparse
import http.client
import json
import threading
import time
import urllib.parse
from collections import Counter


def burst(base: str, connections: int) -> Counter:
    url = urllib.parse.urlsplit(base)
    probe = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    probe.request("GET", "/musewave/users/?limit=1")
    owner = json.loads(probe.getresponse().read())[0]["id"]
    probe.close()
    barrier = threading.Barrier(connections)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def write(index: int) -> None:
        body = json.dumps(
            {
                "user_id": owner,
                "title": f"Burst {index}",
                "artist": "Burst",
                "artist_slug": "burst",
                "genre": "electronic",
                "audio_url": f"https://cdn.example.com/burst/{index}.mp3",
                "audio_file_size": 1000,
                "audio_duration": 60,
                "audio_format": "mp3",
            }
        )
        barrier.wait()
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            conn.request(
                "POST", "/musewave/tracks/create/", body, {"Content-Type": "application/json"}
            )
            outcome = str(conn.getresponse().status)
            conn.close()
        except OSError as exc:  # reset, refused, timed out: a dropped connection
            outcome = type(exc).__name__
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=write, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:5105")
    parser.add_argument("--connections", type=int, default=55)
    args = parser.parse_args()
    started = time.perf_counter()
    outcomes = burst(args.base, args.connections)
    elapsed = time.perf_counter() - started
    print(f"{args.connections} concurrent writes in {elapsed:.2f} s: {dict(outcomes)}")


if __name__ == "__main__":
    main()

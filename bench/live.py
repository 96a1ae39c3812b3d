"""Live updates under load: fan-out latency to many subscribers of one track, and how many
WebSocket connections one server process holds. Only ever targets this machine.

    python bench/live.py --base http://127.0.0.1:5105 --subscribers 1000 --plays 30
    python bench/live.py --base http://127.0.0.1:5105 --hold 5000 --server-pid 1234

Fan-out: `--subscribers` connections each subscribe to `trackActivity` of one published track;
then `--plays` plays are recorded one after another over REST, and for each the time until
the last subscriber has it is measured from the moment the POST was sent (an upper bound on
commit-to-delivery: it includes handling the request) and from the moment its 201 arrived.
The server must run with PLAY_REPLAY_SECONDS=0 and THROTTLE_WRITE_IP=off (one client address).
"""

import argparse
import asyncio
import json
import statistics
import time
import urllib.parse
import urllib.request

import websockets

SUBSCRIPTION = "subscription($id: ID!) { trackActivity(trackId: $id) { plays sequence } }"


def _published_track(base: str) -> str:
    with urllib.request.urlopen(f"{base}/musewave/tracks/?limit=1&published=true") as response:
        return json.loads(response.read())[0]["id"]


def _play(base: str, track_id: str) -> None:
    request = urllib.request.Request(
        f"{base}/musewave/tracks/{track_id}/play/",
        data=b'{"duration": 1}',
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 201, response.status


async def _connect(ws_url: str, subscribe_to: str | None):
    ws = await websockets.connect(
        ws_url, subprotocols=["graphql-transport-ws"], open_timeout=60, max_queue=None
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    ack = json.loads(await ws.recv())
    assert ack["type"] == "connection_ack", ack
    if subscribe_to is not None:
        payload = {"query": SUBSCRIPTION, "variables": {"id": subscribe_to}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    return ws


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def fan_out(base: str, subscribers: int, plays: int) -> None:
    ws_url = base.replace("http", "ws", 1) + "/graphql"
    track_id = _published_track(base)
    started = time.perf_counter()
    sockets = []
    for offset in range(0, subscribers, 100):  # connect in batches of 100
        batch = range(offset, min(offset + 100, subscribers))
        sockets += await asyncio.gather(*(_connect(ws_url, track_id) for _ in batch))
    print(f"{subscribers} subscribers connected in {time.perf_counter() - started:.1f} s")
    loop = asyncio.get_running_loop()

    async def delivery(ws) -> float:
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == "next":
                return time.perf_counter()

    # A first play makes sure every subscription is in place before measuring.
    warmup = [asyncio.ensure_future(delivery(ws)) for ws in sockets]
    while True:
        await loop.run_in_executor(None, _play, base, track_id)
        done, _ = await asyncio.wait(warmup, timeout=2)
        if len(done) == len(warmup):
            break
        for task in warmup:
            task.cancel()
        warmup = [asyncio.ensure_future(delivery(ws)) for ws in sockets]

    from_request, from_response = [], []
    for _ in range(plays):
        waiting = [asyncio.ensure_future(delivery(ws)) for ws in sockets]
        sent = time.perf_counter()
        await loop.run_in_executor(None, _play, base, track_id)
        answered = time.perf_counter()
        last = max(await asyncio.wait_for(asyncio.gather(*waiting), timeout=30))
        from_request.append((last - sent) * 1000)
        from_response.append((last - answered) * 1000)
    for ws in sockets:
        await ws.close()
    print("| subscribers | plays | from POST sent p50 / p99 ms | from 201 p50 / p99 ms |")
    print("|---:|---:|---:|---:|")
    print(
        f"| {subscribers} | {plays} "
        f"| {statistics.median(from_request):.1f} / {_percentile(from_request, 99):.1f} "
        f"| {statistics.median(from_response):.1f} / {_percentile(from_response, 99):.1f} |"
    )


def _rss_mib(pid: int | None) -> str:
    if pid is None:
        return "?"
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return f"{int(line.split()[1]) / 1024:.0f}"
    return "?"


async def hold(base: str, connections: int, server_pid: int | None, seconds: float) -> None:
    """Open connections (each initialised and subscribed) in batches until `connections` or
    the first failure, keep them for `seconds`, and check they all still answer a ping."""
    ws_url = base.replace("http", "ws", 1) + "/graphql"
    track_id = _published_track(base)
    sockets, failure = [], None
    print(f"server RSS before: {_rss_mib(server_pid)} MiB")
    started = time.perf_counter()
    while len(sockets) < connections and failure is None:
        batch = min(250, connections - len(sockets))
        results = await asyncio.gather(
            *(_connect(ws_url, track_id) for _ in range(batch)), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                failure = failure or repr(result)
            else:
                sockets.append(result)
    opened = time.perf_counter() - started
    await asyncio.sleep(seconds)
    alive = 0
    for ws in sockets:
        try:
            await ws.send(json.dumps({"type": "ping"}))
            while json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] != "pong":
                pass
            alive += 1
        except Exception:
            pass
    print(
        f"held {len(sockets)} connections (opened in {opened:.1f} s), {alive} answered a ping "
        f"after {seconds:.0f} s; server RSS {_rss_mib(server_pid)} MiB; first failure: {failure}"
    )
    for ws in sockets:
        await ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:5105")
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--plays", type=int, default=30)
    parser.add_argument("--hold", type=int, default=0, help="connections to hold instead")
    parser.add_argument("--hold-seconds", type=float, default=10)
    parser.add_argument("--server-pid", type=int, default=None)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if urllib.parse.urlsplit(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("bench/live.py only targets this machine")
    if args.hold:
        asyncio.run(hold(base, args.hold, args.server_pid, args.hold_seconds))
    else:
        asyncio.run(fan_out(base, args.subscribers, args.plays))


if __name__ == "__main__":
    main()

"""Streaming throughput of the default server: uvicorn serving the ASGI app, as `make run` does,
one process. Only ever targets this machine.

    .venv/bin/python bench/stream.py                          # everything, about 3 minutes
    .venv/bin/python bench/stream.py --minutes 20 --listeners 100,500

Set-up: a scratch SQLite database and media folder; one published track uploaded and processed
through the services (a `--minutes` long tone made as bench/media.py makes its files, whose AAC
rendition at STREAM_BITRATE is what `/stream/` sends); then `uvicorn config.asgi:application`
in production mode on a free port.

1. Throughput: `c` clients each download the whole stream again and again over keep-alive
   connections for `--seconds`; total MB/s (10^6 bytes) and requests per second.
2. Listeners with seeks: `n` listeners each seek to a random place (a new connection with
   `Range: bytes=<offset>-`, as a browser does when the user drags the play head), then read at
   the rendition's bit rate as a player does, and seek again every `--seek-every` seconds, for
   `--seconds`. A listener is held when every response was a 206 with the right
   `Content-Range`, the first byte after every seek came within `--max-first-byte` seconds and
   playback never fell behind by more than a second; the time to the first byte after each seek
   is measured. The server's peak memory (VmHWM) is reported.

The clients (Python asyncio, raw HTTP/1.1) share the machine's cores with the server.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = """
import sys
from django.core.files.uploadedfile import SimpleUploadedFile
from musewave import services
from musewave.models import User

with open(sys.argv[1], "rb") as source:
    audio = SimpleUploadedFile("bench.flac", source.read())
artist = User.objects.create_user("bench_artist", "bench@example.com", "bench-password-1")
track = services.track_upload(actor=artist, audio=audio, genre="ambient", published=True)
track = services.track_audio_process(track_id=track.pk)
print(json.dumps({"id": str(track.pk), "size": track.stream_file.size,
                  "duration": track.audio_duration}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }


def set_up(env: dict[str, str], work: Path, minutes: float) -> dict:
    """Migrate the scratch database and upload, as a published track, a tone made as
    bench/media.py makes its files."""
    sys.path.insert(0, str(ROOT / "bench"))
    from media import generate

    source = work / "source.flac"
    generate(source, "flac", int(minutes * 60))
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    script = "import json, django; django.setup()\n" + SETUP
    out = subprocess.run(
        [python, "-c", script, str(source)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def rss_mib(pid: int, field: str = "VmHWM") -> float:
    """The server's peak memory since the last reset (VmHWM), or now (VmRSS), in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss(pid: int) -> None:
    with open(f"/proc/{pid}/clear_refs", "w") as refs:
        refs.write("5")


async def request(port: int, path: str, range_header: str | None = None, connection=None):
    """Send a GET; returns (reader, writer, status, headers). Reuses `connection` if given."""
    reader, writer = connection or await asyncio.open_connection("127.0.0.1", port)
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: */*"]
    if range_header:
        lines.append(f"Range: {range_header}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return reader, writer, int(status_line.split()[1]), headers


async def throughput(port: int, path: str, clients: int, seconds: float) -> tuple[float, float]:
    deadline = time.perf_counter() + seconds
    totals = [0] * clients
    requests = [0] * clients

    async def client(i: int) -> None:
        connection = None
        while time.perf_counter() < deadline:
            reader, writer, status, headers = await request(port, path, connection=connection)
            assert status == 200, status
            left = int(headers["content-length"])
            while left:
                chunk = await reader.read(min(left, 1 << 20))
                left -= len(chunk)
                totals[i] += len(chunk)
            requests[i] += 1
            connection = (reader, writer)
        if connection is not None:
            connection[1].close()

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - started
    return sum(totals) / elapsed / 1e6, sum(requests) / elapsed


async def listeners(
    port: int,
    path: str,
    track: dict,
    count: int,
    *,
    seconds: float,
    seek_every: float,
    max_first_byte: float,
) -> dict:
    size = track["size"]
    bytes_per_second = size / track["duration"]
    deadline = time.perf_counter() + seconds
    first_bytes: list[float] = []
    held = [True] * count
    errors: list[str] = []

    async def listener(i: int) -> None:
        rng = random.Random(i)
        await asyncio.sleep(rng.random() * seek_every)  # spread the starts
        while time.perf_counter() < deadline:
            offset = rng.randrange(0, max(1, size - int(bytes_per_second * seek_every) - 1))
            sent = time.perf_counter()
            try:
                reader, writer, status, headers = await request(
                    port, path, range_header=f"bytes={offset}-"
                )
                expected = f"bytes {offset}-{size - 1}/{size}"
                if status != 206 or headers.get("content-range") != expected:
                    held[i] = False
                    errors.append(f"{status} {headers.get('content-range')}")
                first = await reader.read(4096)
                started = time.perf_counter()
                first_bytes.append((started - sent) * 1000)
                if started - sent > max_first_byte:
                    held[i] = False  # an audible stall after the seek
                played, received = 0.0, len(first)
                until = min(deadline, started + seek_every)
                while time.perf_counter() < until:
                    await asyncio.sleep(0.25)
                    played = time.perf_counter() - started
                    want = int(bytes_per_second * (played + 1)) - received
                    while want > 0:
                        chunk = await asyncio.wait_for(reader.read(want), timeout=5)
                        if not chunk:
                            break
                        received += len(chunk)
                        want -= len(chunk)
                    if received < bytes_per_second * played:
                        held[i] = False  # fell more than a second behind playback
                writer.close()
            except Exception as exc:  # a refused or dropped connection: not held
                held[i] = False
                errors.append(repr(exc))
                return

    await asyncio.gather(*(listener(i) for i in range(count)))
    return {
        "held": sum(held),
        "seeks": len(first_bytes),
        "ttfb_p50": statistics.median(first_bytes) if first_bytes else float("nan"),
        "ttfb_p99": sorted(first_bytes)[int(0.99 * (len(first_bytes) - 1))]
        if first_bytes
        else float("nan"),
        "errors": errors[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10, help="length of the track")
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--listeners", default="100,300,1000")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seek-every", type=float, default=5)
    parser.add_argument("--max-first-byte", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="musewave-stream-") as scratch:
        work = Path(scratch)
        env = environment(work)
        track = set_up(env, work, args.minutes)
        port = free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "uvicorn"),
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            for _ in range(100):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
                    break
                time.sleep(0.2)
            path = f"/musewave/tracks/{track['id']}/stream/"
            print(
                f"track: {track['duration']:.0f} s, rendition {track['size'] / 1e6:.1f} MB "
                f"({track['size'] * 8 / track['duration'] / 1000:.0f} kbit/s); "
                f"server RSS idle {rss_mib(server.pid, 'VmRSS'):.0f} MiB"
            )
            print("\n| clients | MB/s | requests/s | server peak RSS MiB |")
            print("|---:|---:|---:|---:|")
            for clients in (int(c) for c in args.clients.split(",") if c):
                reset_peak_rss(server.pid)
                rate, per_second = asyncio.run(throughput(port, path, clients, args.seconds))
                peak = rss_mib(server.pid)
                print(f"| {clients} | {rate:.0f} | {per_second:.1f} | {peak:.0f} |")
            print(
                f"\n| listeners (a seek every {args.seek_every:g} s) | held | seeks "
                "| first byte p50 / p99 ms | server peak RSS MiB |"
                "\n|---:|---:|---:|---:|---:|"
            )
            for count in (int(n) for n in args.listeners.split(",") if n):
                reset_peak_rss(server.pid)
                result = asyncio.run(
                    listeners(
                        port,
                        path,
                        track,
                        count,
                        seconds=args.seconds,
                        seek_every=args.seek_every,
                        max_first_byte=args.max_first_byte,
                    )
                )
                print(
                    f"| {count} | {result['held']} | {result['seeks']} "
                    f"| {result['ttfb_p50']:.0f} / {result['ttfb_p99']:.0f} "
                    f"| {rss_mib(server.pid):.0f} |"
                    + (f" {result['errors']}" if result["errors"] else "")
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())

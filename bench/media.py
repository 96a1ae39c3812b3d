"""Time and memory of ingesting and processing uploaded audio.

    .venv/bin/python bench/media.py                    # 5-minute MP3 and 60-minute FLAC
    .venv/bin/python bench/media.py --cases mp3:300    # only the MP3

Each case generates its file (a 440 Hz tone with a slow swell, encoded with PyAV), then runs in a
fresh subprocess, against a scratch SQLite database and media folder, what the upload route and
the worker run: `track_upload` (decode check, tags, storing) and `track_audio_process` (one
streaming decode for the waveform, the loudness and the AAC rendition). It reports wall time as a
multiple of real time and the subprocess's peak memory (max RSS, which includes Python, Django and
FFmpeg), next to its RSS before the upload, so that growth with the file's length shows.
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"mp3": ("mp3", "libmp3lame"), "flac": ("flac", "flac")}


def generate(path: Path, kind: str, seconds: int) -> None:
    import av
    import numpy as np

    container, codec = KINDS[kind]
    rate, block = 44100, 44100
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "stereo"
        for start in range(0, seconds * rate, block):
            t = np.arange(start, start + block) / rate
            swell = 0.3 + 0.2 * np.sin(2 * math.pi * t / 30)
            left = swell * np.sin(2 * math.pi * 440 * t)
            right = swell * np.sin(2 * math.pi * 660 * t)
            frame = av.AudioFrame.from_ndarray(
                np.stack([left, right]).astype(np.float32), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def reset_peak_rss() -> None:
    """Linux: start counting the peak RSS (VmHWM) afresh from the current RSS."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def rss_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(path: str) -> dict:
    """In the subprocess: upload and process `path`, as the web server and the worker would."""
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command

    from musewave import services
    from musewave.models import Track

    call_command("migrate", verbosity=0)
    user = services.user_create(
        username="bench", email="bench@example.com", password="Bench-Passw0rd!"
    )
    reset_peak_rss()
    baseline = rss_mib("VmRSS")
    started = time.perf_counter()
    with open(path, "rb") as audio:
        track = services.track_upload(
            actor=user, audio=File(audio, name=os.path.basename(path)), genre="bench"
        )
    ingested = time.perf_counter()
    ingest_peak = rss_mib("VmHWM")
    reset_peak_rss()
    services.track_audio_process(track_id=track.pk)
    processed = time.perf_counter()
    track = Track.objects.get(pk=track.pk)
    assert track.processing_status == "ready", track.processing_error
    return {
        "duration": track.audio_duration,
        "size": track.audio_file_size,
        "ingest_s": ingested - started,
        "process_s": processed - ingested,
        "baseline_rss_mib": baseline,
        "ingest_peak_rss_mib": ingest_peak,
        "peak_rss_mib": rss_mib("VmHWM"),
        "loudness": track.loudness,
    }


def measure(kind: str, seconds: int, work: Path) -> dict:
    audio = work / f"bench-{seconds}s.{kind}"
    started = time.perf_counter()
    generate(audio, kind, seconds)
    generated = time.perf_counter() - started
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / f'bench-{kind}-{seconds}.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "REDIS_URL": "",
        # The upload queues its job (to a broker nobody reads) and the job is then run here,
        # so that ingest and processing are timed apart.
        "CELERY_BROKER_URL": "memory://localhost/",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "UPLOAD_MAX_AUDIO_BYTES": str(2**31),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    }
    child = subprocess.run(
        [sys.executable, __file__, "--child", str(audio)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        sys.exit(f"{kind} {seconds}s failed:\n{child.stderr[-3000:]}")
    output = child.stdout
    result = json.loads(output.strip().splitlines()[-1])
    result.update(kind=kind, generated_s=generated)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="mp3:300,flac:3600", help="kind:seconds,…")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child)))
        return
    print(
        "| file | size | ingest | processing | total ÷ duration | RSS before "
        "| peak RSS, ingest | peak RSS, processing |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="musewave-bench-") as work:
        for case in args.cases.split(","):
            kind, seconds = case.split(":")
            r = measure(kind, int(seconds), Path(work))
            total = r["ingest_s"] + r["process_s"]
            print(
                f"| {int(seconds) // 60}-minute {kind.upper()} | {r['size'] / 2**20:.1f} MiB "
                f"| {r['ingest_s']:.2f} s | {r['process_s']:.1f} s "
                f"| {total / r['duration']:.4f} ({r['duration'] / total:.0f}× real time) "
                f"| {r['baseline_rss_mib']:.0f} MiB | {r['ingest_peak_rss_mib']:.0f} MiB "
                f"| {r['peak_rss_mib']:.0f} MiB |",
                flush=True,
            )


if __name__ == "__main__":
    main()

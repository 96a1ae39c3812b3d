"""Loudness by EBU R128 (FFmpeg's `ebur128` filter run through PyAV's filter graph):
integrated loudness in LUFS, true peak in dBTP, and the ReplayGain 2.0 gain that brings the
track to -18 LUFS."""

import math
from collections.abc import Iterator
from dataclasses import dataclass

import av
import av.error
import av.filter

REPLAYGAIN_REFERENCE_LUFS = -18.0
# ebur128 reports -70 LUFS (its absolute gate) for silence: no loudness to speak of.
SILENCE_LUFS = -70.0


@dataclass(frozen=True)
class Loudness:
    integrated: float | None  # LUFS
    true_peak: float | None  # dBTP
    replay_gain: float | None  # dB


class LoudnessMeter:
    """Push decoded frames in; the frames that come out (double-precision samples, interleaved)
    are the same audio, for whatever else wants to look at it in the same pass."""

    def __init__(self) -> None:
        self._graph: av.filter.Graph | None = None
        self._source = None
        self._metadata: dict[str, str] = {}

    def _build(self, frame: av.AudioFrame) -> None:
        graph = av.filter.Graph()
        self._source = graph.add_abuffer(
            format=frame.format.name,
            sample_rate=frame.sample_rate,
            layout=frame.layout.name,
            time_base=frame.time_base,
        )
        meter = graph.add("ebur128", "peak=true:metadata=1")
        sink = graph.add("abuffersink")
        self._source.link_to(meter)
        meter.link_to(sink)
        graph.configure()
        self._graph = graph

    def push(self, frame: av.AudioFrame | None) -> Iterator[av.AudioFrame]:
        if self._graph is None:
            if frame is None:
                return
            self._build(frame)
        self._graph.push(frame)
        while True:
            try:
                out = self._graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            metadata = out.metadata
            if "lavfi.r128.I" in metadata:
                self._metadata = metadata
            yield out

    def result(self) -> Loudness:
        integrated = _number(self._metadata.get("lavfi.r128.I"))
        peak = _number(self._metadata.get("lavfi.r128.true_peak"))
        if integrated is not None and integrated <= SILENCE_LUFS:
            integrated = None
        true_peak = round(20 * math.log10(peak), 2) if peak and peak > 0 else None
        return Loudness(
            integrated=round(integrated, 2) if integrated is not None else None,
            true_peak=true_peak,
            replay_gain=round(REPLAYGAIN_REFERENCE_LUFS - integrated, 2)
            if integrated is not None
            else None,
        )


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None

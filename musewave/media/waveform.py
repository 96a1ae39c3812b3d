"""Waveform peaks: the loudest sample of each slice of the audio, normalised to 0–1.

The full form, stored on the track and documented in the README, is what wavesurfer.js takes as
`peaks` (with `duration`) and what peaks.js can draw from a single channel:

    {"version": 1, "points": 1000, "duration": 213.4, "peaks": [0.0, 0.12, …, 1.0]}

The legacy `waveform_data` string is a compact JSON array of LEGACY_POINTS of those values.
"""

import json
import math
from collections.abc import Sequence

import numpy as np

POINTS = 1000
LEGACY_POINTS = 100
MAX_POINTS = 5000
VERSION = 1


class PeakAccumulator:
    """Collects the peak of every `samples_per_peak` samples as audio streams through; memory
    stays proportional to the number of peaks, not to the length of the audio."""

    def __init__(self, *, samples_per_peak: int):
        self.samples_per_peak = max(1, samples_per_peak)
        self._peaks: list[float] = []
        self._carry = np.zeros(0, dtype=np.float64)

    def add(self, levels: np.ndarray) -> None:
        """`levels`: one non-negative level per sample (the loudest channel's)."""
        if self._carry.size:
            levels = np.concatenate((self._carry, levels))
        whole = levels.size // self.samples_per_peak * self.samples_per_peak
        if whole:
            self._peaks.extend(
                levels[:whole].reshape(-1, self.samples_per_peak).max(axis=1).tolist()
            )
        self._carry = levels[whole:].copy()

    def peaks(self) -> list[float]:
        if self._carry.size:
            self._peaks.append(float(self._carry.max()))
            self._carry = np.zeros(0, dtype=np.float64)
        return self._peaks


def resample(peaks: Sequence[float], points: int) -> list[float]:
    """`peaks` as exactly `points` values: each the maximum of its share when shrinking (so no
    peak is lost), linearly interpolated when stretching."""
    values = np.asarray(peaks, dtype=np.float64)
    if points <= 0:
        return []
    if values.size == 0:
        return [0.0] * points
    if values.size >= points:
        edges = (np.arange(points) * values.size) // points
        return np.maximum.reduceat(values, edges).tolist()
    positions = np.linspace(0, values.size - 1, points)
    return np.interp(positions, np.arange(values.size), values).tolist()


def normalise(peaks: Sequence[float]) -> list[float]:
    """Scaled so that the loudest peak is 1 (silence stays 0), rounded to 4 decimals."""
    values = np.clip(np.asarray(peaks, dtype=np.float64), 0, None)
    top = values.max() if values.size else 0.0
    if top > 0:
        values = values / top
    return [round(float(v), 4) for v in values]


def full_waveform(peaks: Sequence[float], *, duration: float) -> dict:
    values = normalise(resample(peaks, POINTS))
    return {"version": VERSION, "points": len(values), "duration": duration, "peaks": values}


def legacy_waveform_data(waveform: dict) -> str:
    values = [round(v, 2) for v in resample(waveform["peaks"], LEGACY_POINTS)]
    return json.dumps(values, separators=(",", ":"))


def samples_per_peak(*, duration: float | None, sample_rate: int) -> int:
    """Slices fine enough for POINTS peaks (at least 4 per point), 10 ms when the length is
    unknown."""
    if duration and duration > 0:
        return max(1, math.floor(duration * sample_rate / (POINTS * 4)))
    return max(1, sample_rate // 100)

"""The processing pass over an uploaded track: one streaming decode that feeds the AAC/M4A
streaming rendition, the loudness meter and the waveform at once. Frames are handled one at a
time, so memory stays flat whatever the length of the file."""

from dataclasses import dataclass

import av
import av.error
import numpy as np

from musewave.media import waveform as waveforms
from musewave.media.errors import MediaError
from musewave.media.loudness import Loudness, LoudnessMeter
from musewave.media.probe import Source, audio_stream, open_audio

RENDITION_FORMAT = "ipod"  # M4A
RENDITION_EXTENSION = "m4a"
RENDITION_CODEC = "aac"
RENDITION_MAX_RATE = 48_000


@dataclass(frozen=True)
class ProcessedAudio:
    duration: float  # seconds, counted from the decoded samples
    loudness: Loudness
    waveform: dict
    rendition_bitrate: int


def parse_bitrate(value: str | int) -> int:
    """`128k`, `128000` or 128000 as bits per second."""
    text = str(value).strip().lower()
    factor = 1000 if text.endswith("k") else 1
    try:
        bits = int(float(text.rstrip("k")) * factor)
    except ValueError:
        raise ValueError(f"Not a bit rate: {value!r}") from None
    if not 8_000 <= bits <= 512_000:
        raise ValueError(f"Bit rate out of range (8k–512k): {value!r}")
    return bits


def _levels(frame: av.AudioFrame, channels: int) -> np.ndarray:
    """The loudest channel's absolute level of each sample of an interleaved frame."""
    samples = frame.to_ndarray().reshape(-1, channels)
    return np.abs(samples).max(axis=1)


def process_audio(
    source: Source,
    rendition: str,
    *,
    bitrate: int,
    max_seconds: float,
    expected_duration: float | None = None,
) -> ProcessedAudio:
    """Decode `source` once: write the streaming rendition to the path `rendition`, measure
    loudness and collect the waveform."""
    with open_audio(source) as container:
        stream = audio_stream(container)
        context = stream.codec_context
        in_rate = context.sample_rate
        channels = context.channels
        out = av.open(
            rendition, mode="w", format=RENDITION_FORMAT, options={"movflags": "+faststart"}
        )
        try:
            encoder = out.add_stream(RENDITION_CODEC, rate=min(in_rate, RENDITION_MAX_RATE))
            encoder.layout = "mono" if channels == 1 else "stereo"
            encoder.bit_rate = bitrate
            meter = LoudnessMeter()
            peaks = waveforms.PeakAccumulator(
                samples_per_peak=waveforms.samples_per_peak(
                    duration=expected_duration, sample_rate=in_rate
                )
            )
            max_samples = max_seconds * in_rate
            decoded = 0

            def measure(frame: av.AudioFrame | None) -> None:
                for analysed in meter.push(frame):
                    peaks.add(_levels(analysed, analysed.layout.nb_channels))

            try:
                for frame in container.decode(stream):
                    decoded += frame.samples
                    if decoded > max_samples:
                        raise MediaError(
                            f"The audio is longer than the limit of {max_seconds:g} seconds."
                        )
                    for packet in encoder.encode(frame):
                        out.mux(packet)
                    measure(frame)
                for packet in encoder.encode(None):
                    out.mux(packet)
                measure(None)
            except av.error.FFmpegError as exc:
                raise MediaError(f"The audio does not decode to the end: {exc}") from None
        finally:
            out.close()
    if decoded == 0:
        raise MediaError("The file holds no audio that decodes.")
    duration = decoded / in_rate
    return ProcessedAudio(
        duration=duration,
        loudness=meter.result(),
        waveform=waveforms.full_waveform(peaks.peaks(), duration=round(duration, 3)),
        rendition_bitrate=bitrate,
    )

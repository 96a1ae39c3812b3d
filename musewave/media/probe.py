"""What an audio file is, found by decoding it with PyAV (FFmpeg), never from its name or MIME
type: container, codec, duration, bit rate, sample rate and channels."""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import av
import av.error
from av.stream import Disposition

from musewave.media.errors import MediaError

# Something a file can be read from: a path on disk or a seekable binary file object.
Source = str | IO[bytes]

# FFmpeg's demuxer name → (our format name, the file extension stored), per codec family.
_CODECS = {
    "mp3": "mp3",
    "mp3float": "mp3",
    "aac": "aac",
    "alac": "alac",
    "vorbis": "vorbis",
    "opus": "opus",
    "flac": "flac",
}
_FORMATS: dict[str, dict[str, tuple[str, str]]] = {
    "mp3": {"mp3": ("mp3", "mp3")},
    "mov": {"aac": ("m4a", "m4a"), "alac": ("m4a", "m4a")},
    "aac": {"aac": ("aac", "aac")},
    "ogg": {"vorbis": ("ogg", "ogg"), "opus": ("opus", "opus"), "flac": ("ogg", "ogg")},
    "flac": {"flac": ("flac", "flac")},
    "wav": {"pcm": ("wav", "wav")},
    "aiff": {"pcm": ("aiff", "aiff")},
}
# The media type of each stored extension, as players expect it in Content-Type.
CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",  # Ogg Opus (RFC 7845)
    "flac": "audio/flac",
    "wav": "audio/wav",
    "aiff": "audio/aiff",
}
ACCEPTED = "MP3, AAC/M4A, Ogg Vorbis, Opus, FLAC, WAV or AIFF"
# How much of the start (and, for long files, of the end) is decoded to prove the file whole.
CHECK_SECONDS = 2.0
TAIL_SECONDS = 0.5


@dataclass(frozen=True)
class AudioInfo:
    format: str  # mp3, m4a, aac, ogg, opus, flac, wav, aiff
    extension: str
    codec: str
    duration: float  # seconds
    bitrate: int | None  # bits per second
    sample_rate: int
    channels: int


def rewind(source: Source) -> Source:
    if not isinstance(source, str):
        source.seek(0)
    return source


@contextlib.contextmanager
def open_audio(source: Source) -> Iterator[av.container.InputContainer]:
    """The file opened for decoding; anything FFmpeg cannot open is a MediaError."""
    try:
        container = av.open(rewind(source), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError, OSError):
        raise MediaError(f"The file is not audio that can be decoded ({ACCEPTED}).") from None
    try:
        yield container
    finally:
        container.close()


def audio_stream(container: av.container.InputContainer) -> av.audio.stream.AudioStream:
    """The file's one audio stream; a video (other than embedded cover art) is refused."""
    for stream in container.streams.video:
        if not stream.disposition & Disposition.attached_pic:
            raise MediaError("Video files are not accepted; upload the audio alone.")
    if not container.streams.audio:
        raise MediaError(f"The file has no audio ({ACCEPTED}).")
    return container.streams.audio[0]


def _kind(container: av.container.InputContainer, codec: str) -> tuple[str, str]:
    demuxer = container.format.name.split(",")[0]
    family = "pcm" if codec.startswith("pcm_") else _CODECS.get(codec, codec)
    kind = _FORMATS.get(demuxer, {}).get(family)
    if kind is None:
        raise MediaError(f"This kind of audio ({demuxer}/{codec}) is not accepted; use {ACCEPTED}.")
    return kind


def _stream_duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _decodes(container, stream, *, seconds: float) -> bool:
    """Whether at least one frame decodes from the current position, and the next `seconds`
    of audio decode without error."""
    needed = int(seconds * (stream.codec_context.sample_rate or 44100))
    decoded = 0
    for frame in container.decode(stream):
        decoded += frame.samples
        if decoded >= needed:
            break
    return decoded > 0


def _end_time(container, stream, *, start: float) -> float | None:
    """Where the decoded audio ends, decoding from about `start` seconds to the end."""
    container.seek(int(start / stream.time_base), stream=stream)
    end = None
    for frame in container.decode(stream):
        if frame.time is not None and frame.sample_rate:
            end = frame.time + frame.samples / frame.sample_rate
    return end


def count_decoded_seconds(source: Source) -> float:
    """The duration found by decoding the whole file (for containers that do not say it)."""
    with open_audio(source) as container:
        stream = audio_stream(container)
        samples = 0
        try:
            for frame in container.decode(stream):
                samples += frame.samples
        except av.error.FFmpegError:
            raise MediaError("The audio is damaged: it does not decode to the end.") from None
        return samples / stream.codec_context.sample_rate


def probe_audio(source: Source) -> AudioInfo:
    """Decode the start (and the end) of the file and describe it; a file that is not one of
    the accepted kinds of audio, or is damaged or truncated, is a MediaError."""
    with open_audio(source) as container:
        stream = audio_stream(container)
        context = stream.codec_context
        codec = context.name
        fmt, extension = _kind(container, codec)
        duration = _stream_duration(container, stream)
        try:
            if not _decodes(container, stream, seconds=CHECK_SECONDS):
                raise MediaError("The file holds no audio that decodes.")
            if duration and duration > 2 * TAIL_SECONDS:
                # A truncated file still claims its full duration: its audio ends too soon.
                end = _end_time(container, stream, start=duration - TAIL_SECONDS)
                if end is None or end < duration * 0.99 - TAIL_SECONDS:
                    raise MediaError("The audio is truncated or damaged: it ends too soon.")
        except av.error.FFmpegError:
            raise MediaError("The audio is damaged: it does not decode.") from None
        sample_rate = context.sample_rate
        channels = context.channels
        bitrate = context.bit_rate or container.bit_rate or None
    if not sample_rate or not channels:
        raise MediaError("The file holds no audio that decodes.")
    if not duration:
        duration = count_decoded_seconds(source)
    return AudioInfo(
        format=fmt,
        extension=extension,
        codec=_CODECS.get(codec, codec),
        duration=round(duration, 6),
        bitrate=int(bitrate) if bitrate else None,
        sample_rate=sample_rate,
        channels=channels,
    )

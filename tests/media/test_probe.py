"""Audio is accepted by decoding it: kinds, exact durations, and what is refused."""

import io

import av
import numpy as np
import pytest

from musewave.media.errors import MediaError
from musewave.media.probe import probe_audio
from musewave.media.tags import read_tags
from tests.media import factories

EXPECTED = {
    "mp3": ("mp3", "mp3"),
    "m4a": ("m4a", "aac"),
    "ogg": ("ogg", "vorbis"),
    "opus": ("opus", "opus"),
    "flac": ("flac", "flac"),
    "wav": ("wav", "pcm_s16le"),
    "aiff": ("aiff", "pcm_s16be"),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_accepted_kind_is_recognised_with_its_exact_duration(kind):
    info = probe_audio(io.BytesIO(factories.tone(kind, seconds=2.5, channels=2)))
    assert (info.format, info.codec) == EXPECTED[kind]
    assert info.duration == pytest.approx(2.5, abs=factories.frame_seconds(kind))
    assert info.channels == 2
    assert info.sample_rate == factories.KINDS[kind][0]
    assert info.bitrate and info.bitrate > 0


def test_mono_files_say_so():
    assert probe_audio(io.BytesIO(factories.tone("flac", channels=1))).channels == 1


def _video_without_audio() -> bytes:
    buffer = io.BytesIO()
    out = av.open(buffer, "w", format="mp4")
    stream = out.add_stream("mpeg4", rate=10)
    stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
    for i in range(10):
        frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), i * 20, np.uint8), format="rgb24")
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
    out.close()
    return buffer.getvalue()


BAD_FILES = {
    "empty": lambda: b"",
    "text named .mp3": lambda: b"This is not music, only text pretending to be an MP3.\n" * 40,
    "truncated mp3": lambda: factories.tone("mp3", seconds=3)[:15000],
    "truncated flac": lambda: factories.tone("flac", seconds=3)[:12000],
    "header only": lambda: factories.tone("wav")[:44],
    "image": lambda: factories.image((32, 32), fmt="PNG"),
    "video without audio": _video_without_audio,
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_what_does_not_decode_as_audio_is_refused(name):
    with pytest.raises(MediaError):
        probe_audio(io.BytesIO(BAD_FILES[name]()))


@pytest.mark.parametrize("kind", ["mp3", "m4a", "flac", "opus"])
def test_tags_and_embedded_art_are_read(kind):
    art = factories.image((40, 40))
    data = factories.tagged(
        kind,
        factories.tone(kind),
        picture=art,
        title="Night Drive",
        artist="Nova",
        genre="Synthwave",
        bpm="118",
        key="F#m",
    )
    tags = read_tags(io.BytesIO(data))
    assert (tags.title, tags.artist, tags.genre, tags.bpm, tags.key) == (
        "Night Drive",
        "Nova",
        "Synthwave",
        118,
        "F#m",
    )
    assert tags.picture == art


def test_a_file_without_tags_has_none():
    tags = read_tags(io.BytesIO(factories.tone("wav")))
    assert (tags.title, tags.artist, tags.picture) == (None, None, None)

"""Test media made on the spot: tones encoded with PyAV, tagged with mutagen, and images with
Pillow. Nothing is downloaded."""

import io
import math

import numpy as np
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TBPM, TCON, TIT2, TKEY, TPE1
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from PIL import Image

from musewave.media import synth

# Sample rate and frame size (samples) of each kind the tests encode (with
# musewave.media.synth.encode).
KINDS = {
    "mp3": (44100, 1152),
    "m4a": (44100, 1024),
    "ogg": (44100, 2048),
    "opus": (48000, 960),
    "flac": (44100, 4608),
    "wav": (44100, 1),
    "aiff": (44100, 1),
}


def tone(
    kind: str = "mp3",
    *,
    seconds: float = 2.0,
    amplitude: float = 0.1,
    frequency: float = 1000.0,
    channels: int = 2,
) -> bytes:
    """A sine tone of `amplitude` (peak, full scale = 1) encoded as `kind`."""
    rate = KINDS[kind][0]
    t = np.arange(int(seconds * rate)) / rate
    samples = (amplitude * np.sin(2 * math.pi * frequency * t)).astype(np.float32)
    return synth.encode(np.tile(samples, (channels, 1)), sample_rate=rate, format=kind)


def frame_seconds(kind: str) -> float:
    rate, size = KINDS[kind]
    return size / rate


def image(
    size=(640, 480), *, color=(200, 40, 40), fmt="JPEG", exif_gps: bool = False, mode="RGB"
) -> bytes:
    picture = Image.new(mode, size, color if mode == "RGB" else (*color, 128))
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam"  # Make
        exif[0x0132] = "2026:01:01 10:00:00"
        gps = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
        exif[0x8825] = gps
        kwargs["exif"] = exif
    picture.save(out, format=fmt, **kwargs)
    return out.getvalue()


def tagged(kind: str, data: bytes, *, picture: bytes | None = None, **tags: str) -> bytes:
    """`data` with tags (title, artist, genre, bpm, key) and embedded art written by mutagen."""
    buffer = io.BytesIO(data)
    if kind == "mp3":
        id3 = ID3()
        frames = {"title": TIT2, "artist": TPE1, "genre": TCON, "bpm": TBPM, "key": TKEY}
        for name, value in tags.items():
            id3.add(frames[name](encoding=3, text=[value]))
        if picture:
            id3.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=picture))
        id3.save(buffer)
    elif kind == "m4a":
        file = MP4(buffer)
        names = {"title": "\xa9nam", "artist": "\xa9ART", "genre": "\xa9gen"}
        for name, value in tags.items():
            if name == "bpm":
                file["tmpo"] = [int(value)]
            elif name == "key":
                file["----:com.apple.iTunes:initialkey"] = [value.encode()]
            else:
                file[names[name]] = [value]
        if picture:
            file["covr"] = [MP4Cover(picture, imageformat=MP4Cover.FORMAT_JPEG)]
        buffer.seek(0)
        file.save(buffer)
    elif kind in ("flac", "opus"):
        file = FLAC(buffer) if kind == "flac" else OggOpus(buffer)
        for name, value in tags.items():
            file[name] = value
        if picture:
            art = Picture()
            art.type = 3
            art.mime = "image/jpeg"
            art.data = picture
            if kind == "flac":
                file.add_picture(art)
            else:
                import base64

                file["metadata_block_picture"] = [base64.b64encode(art.write()).decode()]
        buffer.seek(0)
        file.save(buffer)
    else:
        raise ValueError(kind)
    return buffer.getvalue()

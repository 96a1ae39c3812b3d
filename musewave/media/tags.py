"""The tags of an audio file (mutagen): title, artist, genre, BPM, key and embedded cover art.

Tags only fill in what the uploader left out, so a file whose tags cannot be read simply has
none: decoding (probe) is what decides whether a file is accepted.
"""

import base64
import binascii
import logging
from dataclasses import dataclass

import mutagen
from mutagen.flac import Picture
from mutagen.id3 import ID3
from mutagen.mp4 import MP4Tags

from musewave.media.probe import Source, rewind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioTags:
    title: str | None = None
    artist: str | None = None
    genre: str | None = None
    bpm: int | None = None
    key: str | None = None
    picture: bytes | None = None  # the embedded front cover (or the first picture)


def _text(value) -> str | None:
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    value = str(value).replace("\x00", "").strip()
    return value or None


def _bpm(value) -> int | None:
    text = _text(value)
    try:
        bpm = round(float(text)) if text is not None else None
    except ValueError:
        return None
    return bpm if bpm and bpm > 0 else None


def _id3(tags: ID3) -> AudioTags:
    def frame(name):
        found = tags.getall(name)
        return found[0] if found else None

    genre = frame("TCON")
    pictures = tags.getall("APIC")
    front = [p for p in pictures if p.type == 3] or pictures
    return AudioTags(
        title=_text(frame("TIT2") and frame("TIT2").text),
        artist=_text(frame("TPE1") and frame("TPE1").text),
        genre=_text(genre.genres) if genre else None,
        bpm=_bpm(frame("TBPM") and frame("TBPM").text),
        key=_text(frame("TKEY") and frame("TKEY").text),
        picture=bytes(front[0].data) if front else None,
    )


def _mp4(tags: MP4Tags) -> AudioTags:
    def freeform(name):
        values = tags.get(f"----:com.apple.iTunes:{name}")
        return _text([bytes(v).decode("utf-8", "replace") for v in values]) if values else None

    covers = tags.get("covr") or []
    tempo = tags.get("tmpo")
    return AudioTags(
        title=_text(tags.get("\xa9nam")),
        artist=_text(tags.get("\xa9ART")),
        genre=_text(tags.get("\xa9gen")),
        bpm=_bpm(tempo[0]) if tempo else _bpm(freeform("BPM")),
        key=freeform("initialkey") or freeform("KEY"),
        picture=bytes(covers[0]) if covers else None,
    )


def _vorbis(file) -> AudioTags:
    tags = file.tags

    def get(*names):
        for name in names:
            if name in tags:
                return _text(tags[name])
        return None

    pictures = list(getattr(file, "pictures", []) or [])
    for encoded in tags.get("metadata_block_picture", []):
        try:
            pictures.append(Picture(base64.b64decode(encoded)))
        except (binascii.Error, ValueError, mutagen.MutagenError):
            continue
    front = [p for p in pictures if p.type == 3] or pictures
    return AudioTags(
        title=get("title"),
        artist=get("artist"),
        genre=get("genre"),
        bpm=_bpm(get("bpm", "tempo")),
        key=get("initialkey", "key"),
        picture=bytes(front[0].data) if front else None,
    )


def read_tags(source: Source) -> AudioTags:
    """The file's tags; empty when it has none or they cannot be read."""
    try:
        file = mutagen.File(rewind(source))
    except Exception:  # a damaged tag is no reason to refuse audio that decodes
        logger.info("Unreadable tags ignored", exc_info=True)
        return AudioTags()
    finally:
        rewind(source)
    if file is None or file.tags is None:
        return AudioTags()
    tags = file.tags
    if isinstance(tags, ID3):
        return _id3(tags)
    if isinstance(tags, MP4Tags):
        return _mp4(tags)
    if hasattr(tags, "keys") and hasattr(file, "tags"):
        try:
            return _vorbis(file)
        except (TypeError, KeyError, ValueError):
            return AudioTags()
    return AudioTags()

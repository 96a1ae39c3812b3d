"""Download file names: `<artist> - <title>.<ext>` that every system can save."""

import pytest

from musewave.models import Track
from musewave.selectors.media import MAX_FILENAME_CHARS, download_filename


def named(artist: str, title: str, file="audio/abc.flac") -> Track:
    return Track(artist=artist, title=title, audio_file=file)


@pytest.mark.parametrize(
    ("artist", "title", "expected"),
    [
        ("Luna Waves", "Night Drive", "Luna Waves - Night Drive.flac"),
        ("AC/DC", "Back\\in*Black?", "AC DC - Back in Black.flac"),
        ("x", 'a<b>c:d"e|f', "x - a b c d e f.flac"),
        ("Tab\tand", "new\nline\x00", "Tab and - new line.flac"),
        ("", "...", "track.flac"),
        ("Solo", "", "Solo.flac"),
        ("  ", "  ", "track.flac"),
        ("Sigur Rós", "Hoppípolla", "Sigur Rós - Hoppípolla.flac"),
    ],
)
def test_names_are_sanitised(artist, title, expected):
    assert download_filename(named(artist, title)) == expected


def test_long_names_are_shortened():
    name = download_filename(named("A" * 300, "B" * 300, file="audio/abc.mp3"))
    assert name == "A" * MAX_FILENAME_CHARS + ".mp3"

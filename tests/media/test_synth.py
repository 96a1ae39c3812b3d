"""The demo catalogue's synthesised music and covers (musewave.media.synth)."""

import io

import numpy as np
import pytest
from PIL import Image

from musewave.media import synth
from musewave.media.probe import count_decoded_seconds, probe_audio
from musewave.media.tags import read_tags

RATE = synth.SAMPLE_RATE


def piece(**changes) -> synth.Piece:
    facts = {"genre": "house", "mood": "happy", "bpm": 124, "key": "Am", "seed": 7}
    return synth.Piece(**{**facts, **changes})


def pitch_class_energy(samples: np.ndarray) -> np.ndarray:
    """How much of the piece's energy between 50 Hz and 1 kHz falls on each pitch class (C=0)."""
    mono = samples.mean(axis=0)
    spectrum = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(mono.size, 1 / RATE)
    band = (freqs > 50) & (freqs < 1000)
    classes = np.round(12 * np.log2(freqs[band] / 440) + 69).astype(int) % 12
    return np.bincount(classes, weights=spectrum[band], minlength=12)


@pytest.mark.parametrize(
    ("genre", "mood", "bpm"),
    [
        ("ambient", "dreamy", 60),
        ("jazz", "chill", 160),
        ("drum and bass", "energetic", 176),
        ("lo-fi", "melancholic", 72),
        ("polka", None, 100),  # a genre without a style of its own gets the default one
    ],
)
def test_a_piece_lasts_twenty_to_forty_five_seconds_of_stereo(genre, mood, bpm):
    for seed in (1, 2, 3):
        samples = synth.render(piece(genre=genre, mood=mood, bpm=bpm, seed=seed))
        assert samples.dtype == np.float32 and samples.shape[0] == 2
        assert synth.MIN_SECONDS <= samples.shape[1] / RATE <= synth.MAX_SECONDS


def test_a_piece_ends_on_whole_bars_of_its_tempo():
    for bpm in (60, 90, 124, 175):
        samples = synth.render(piece(bpm=bpm, seconds=30))
        bars = (samples.shape[1] / RATE - synth.TAIL_SECONDS) / (4 * 60 / bpm)
        assert bars == pytest.approx(round(bars), abs=1e-4)
        assert abs(samples.shape[1] / RATE - 30) <= 2 * 60 / bpm + 0.01


def test_a_piece_is_never_silent_and_peaks_below_full_scale():
    samples = synth.render(piece(genre="classical", mood="melancholic", bpm=66))
    assert float(np.abs(samples).max()) == pytest.approx(synth.PEAK, abs=0.01)
    # Every second of it sounds, to the last one of the ringing final chord.
    seconds = samples.shape[1] // RATE
    levels = [
        float(np.sqrt(np.mean(samples[:, s * RATE : (s + 1) * RATE] ** 2))) for s in range(seconds)
    ]
    assert min(levels) > 0.01
    assert np.sqrt(np.mean(samples**2)) > 0.1
    assert abs(float(samples.mean())) < 0.01  # no offset


def test_the_same_seed_plays_the_same_piece_and_another_seed_another():
    first = synth.render(piece(seed=11))
    assert np.array_equal(first, synth.render(piece(seed=11)))
    other = synth.render(piece(seed=12))
    assert first.shape != other.shape or not np.array_equal(first, other)


def test_the_key_sets_the_notes():
    for key, tonic in (("C", 0), ("F#m", 6), ("Bbm", 10), ("E", 4)):
        energy = pitch_class_energy(synth.render(piece(key=key, seconds=8)))
        assert tonic in np.argsort(-energy)[:3], key
    # A major has C sharp for its third, A minor C.
    major = pitch_class_energy(synth.render(piece(key="A", seconds=8)))
    minor = pitch_class_energy(synth.render(piece(key="Am", seconds=8)))
    assert major[1] > major[0] and minor[0] > minor[1]


def test_the_tempo_and_the_key_change_the_piece():
    base = synth.render(piece(bpm=120, seconds=24))
    faster = synth.render(piece(bpm=150, seconds=24))
    other_key = synth.render(piece(bpm=120, key="Dm", seconds=24))
    assert base.shape == other_key.shape and not np.array_equal(base, other_key)
    assert base.shape != faster.shape or not np.array_equal(base, faster)


def test_genre_and_mood_change_the_piece():
    base = synth.render(piece(seconds=24))
    assert not np.array_equal(base, synth.render(piece(genre="jazz", seconds=24)))
    assert not np.array_equal(base, synth.render(piece(mood="dark", seconds=24)))


@pytest.mark.parametrize(
    ("key", "expected"),
    [("C", (0, False)), ("Am", (9, True)), ("F#m", (6, True)), ("Bbm", (10, True)),
     ("Eb major", (3, False)), ("c minor", (0, True)), (None, (0, False)), ("", (0, False))],
)  # fmt: skip
def test_keys_are_read_with_sharps_flats_and_modes(key, expected):
    assert synth.parse_key(key) == expected


@pytest.mark.parametrize("key", ["H", "C##", "Am7", "la"])
def test_what_is_not_a_key_is_refused(key):
    with pytest.raises(ValueError, match="Not a musical key"):
        synth.parse_key(key)


def test_a_piece_needs_a_positive_tempo():
    with pytest.raises(ValueError, match="positive tempo"):
        synth.render(piece(bpm=0))


@pytest.mark.parametrize(("fmt", "codec"), [("mp3", "mp3"), ("flac", "flac"), ("ogg", "vorbis")])
def test_pieces_encode_to_files_that_decode_to_their_length(fmt, codec):
    samples = synth.render(piece(seconds=5))
    data = synth.encode(samples, format=fmt, tags={"title": "Neon Echoes", "artist": "Luna"})
    info = probe_audio(io.BytesIO(data))
    assert (info.format, info.codec, info.sample_rate, info.channels) == (fmt, codec, RATE, 2)
    decoded = count_decoded_seconds(io.BytesIO(data))
    assert decoded == pytest.approx(samples.shape[1] / RATE, abs=0.03)
    tags = read_tags(io.BytesIO(data))
    assert (tags.title, tags.artist) == ("Neon Echoes", "Luna")


def test_a_piece_file_is_the_rendered_piece_encoded():
    # FLAC: the same samples give the same bytes (Ogg picks a random stream serial number).
    expected = synth.encode(synth.render(piece(seconds=5)), format="flac", tags={"title": "X"})
    assert synth.piece_file(piece(seconds=5), "flac", {"title": "X"}) == expected


def test_mono_samples_encode_as_mono():
    info = probe_audio(io.BytesIO(synth.encode(np.zeros(RATE, dtype=np.float32), format="flac")))
    assert info.channels == 1 and info.duration == pytest.approx(1.0, abs=0.01)


GRADIENT = "from-emerald-400/30 via-transparent to-fuchsia-500/30"


def test_tailwind_gradient_classes_give_their_colours():
    assert synth.gradient_colours(GRADIENT) == {
        "from": (0x34, 0xD3, 0x99),
        "via": None,
        "to": (0xD9, 0x46, 0xEF),
    }
    assert synth.gradient_colours("bg-gradient-to-br from-rose-500 to-amber-300") == {
        "from": (0xF4, 0x3F, 0x5E),
        "to": (0xFC, 0xD3, 0x4D),
    }


@pytest.mark.parametrize(
    "classes", ["from-mauve-400/30 to-sky-400/30", "linear-gradient(135deg, #000, #fff)", ""]
)
def test_what_is_not_a_known_gradient_is_refused(classes):
    with pytest.raises(ValueError, match="Tailwind"):
        synth.gradient_colours(classes)


def test_a_cover_runs_corner_to_corner_through_its_gradient():
    data = synth.cover_art(GRADIENT, seed=3, size=400)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size, image.mode) == ("PNG", (400, 400), "RGB")

    def near(pixel, colour):
        return max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) <= 60  # lines cross

    assert near(image.getpixel((2, 2)), (0x34, 0xD3, 0x99))
    assert near(image.getpixel((397, 397)), (0xD9, 0x46, 0xEF))
    assert near(image.getpixel((2, 397)), synth.GROUND)  # "via-transparent": the dark ground
    assert synth.cover_art(GRADIENT, seed=3, size=400) == data
    assert synth.cover_art(GRADIENT, seed=4, size=400) != data

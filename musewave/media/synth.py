"""Demo media made from a track's facts, with nothing shipped and nothing downloaded.

`render` plays a short piece in the track's key and tempo: a chord progression, a bass line and
a beat, arranged by genre (four-on-the-floor house, swung boom-bap, a walking jazz bass, …) and
coloured by mood (brightness, energy, echo). Voices are wavetables read by numpy, and each
distinct note is rendered once and reused, so a 40-second piece takes a fraction of a second.
`encode` writes samples as an audio file with PyAV; `cover_art` draws a cover with Pillow from
a Tailwind gradient. Pure: facts in, samples or bytes out, and the same seed always gives the
same piece.
"""

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import av
import numpy as np
from PIL import Image, ImageDraw

SAMPLE_RATE = 44_100
# Every piece lasts between MIN_SECONDS and MAX_SECONDS unless asked for another length; when
# none is asked for it aims at a length picked per seed from TARGET_SECONDS, then ends on the
# whole bar nearest to it, followed by its final chord (TAIL_SECONDS).
MIN_SECONDS = 20.0
MAX_SECONDS = 45.0
TARGET_SECONDS = (22.0, 34.0)
TAIL_SECONDS = 2.0
PEAK = 0.89  # -1 dBFS
TABLE_SIZE = 4096

_LETTERS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_ACCIDENTALS = {"": 0, "#": 1, "♯": 1, "b": -1, "♭": -1}
_KEY = re.compile(r"^\s*([A-Ga-g])([#♯b♭]?)\s*(m|min|minor|maj|major)?\s*$")
MAJOR = (0, 2, 4, 5, 7, 9, 11)
MINOR = (0, 2, 3, 5, 7, 8, 10)
# Chord progressions as scale degrees (0 = the tonic), one chord per bar (two at fast tempos).
PROGRESSIONS = {
    False: ((0, 4, 5, 3), (0, 5, 3, 4), (3, 0, 4, 5), (0, 3, 5, 4), (1, 4, 0, 5)),
    True: ((0, 5, 2, 6), (0, 3, 4, 0), (0, 6, 5, 6), (0, 3, 6, 2), (0, 5, 3, 4)),
}


@dataclass(frozen=True)
class Piece:
    """What to play. `seconds` is the length aimed at (None: one picked from the seed)."""

    genre: str
    mood: str | None
    bpm: int
    key: str | None
    seed: int
    seconds: float | None = None


@dataclass(frozen=True)
class Style:
    """How a genre is arranged."""

    chords: str  # the instrument that plays the chords
    comping: str  # sustain, stabs, strum, arpeggio or comp
    bass: str  # whole, eighths, offbeat, syncopated, walking, sub or root_fifth
    bass_voice: str  # synth_bass, sub_bass or plucked_bass
    drums: str  # a key of DRUMS
    lead: str | None = None  # the instrument of the melody, if any
    pad: bool = False  # a quiet sustained pad under the chords
    swing: float = 0.0  # how late the off-beats come, as a share of their grid step
    swing_eighths: bool = False  # swing the eighth notes (jazz) rather than the sixteenths
    sevenths: bool = False
    crackle: bool = False  # vinyl noise


@dataclass(frozen=True)
class Mood:
    brightness: float  # 0–1: how many overtones the voices keep
    energy: float  # 0–1: how hard and how busy the drums are
    space: float  # 0–1: how much echo


STYLES = {
    "electronic": Style("pad", "arpeggio", "eighths", "synth_bass", "four_on_floor", "bell", True),
    "synthwave": Style("pad", "arpeggio", "eighths", "synth_bass", "synthwave", "square", True),
    "house": Style("organ", "stabs", "offbeat", "synth_bass", "four_on_floor", sevenths=True),
    "r&b": Style("keys", "comp", "syncopated", "sub_bass", "backbeat", "keys", swing=0.12,
                 sevenths=True),
    "hip-hop": Style("keys", "sustain", "syncopated", "sub_bass", "boom_bap", "bell", swing=0.18),
    "lo-fi": Style("keys", "comp", "syncopated", "plucked_bass", "lofi", "keys", swing=0.22,
                   sevenths=True, crackle=True),
    "jazz": Style("keys", "comp", "walking", "plucked_bass", "jazz", swing=0.33,
                  swing_eighths=True, sevenths=True),
    "rock": Style("pluck", "strum", "eighths", "plucked_bass", "backbeat", "square"),
    "folk": Style("pluck", "strum", "root_fifth", "plucked_bass", "folk", "flute"),
    "ambient": Style("pad", "sustain", "whole", "sub_bass", "pulse", "bell"),
    "classical": Style("keys", "arpeggio", "whole", "plucked_bass", "pulse", "strings", True),
    "drum and bass": Style("pad", "sustain", "sub", "sub_bass", "breakbeat", "bell"),
    "pop": Style("keys", "strum", "syncopated", "synth_bass", "backbeat", "bell", True),
}  # fmt: skip
DEFAULT_STYLE = STYLES["electronic"]
MOODS = {
    "happy": Mood(0.8, 0.7, 0.25),
    "chill": Mood(0.4, 0.35, 0.4),
    "energetic": Mood(0.9, 1.0, 0.2),
    "melancholic": Mood(0.35, 0.35, 0.55),
    "dreamy": Mood(0.5, 0.3, 0.7),
    "dark": Mood(0.25, 0.6, 0.45),
    "romantic": Mood(0.45, 0.4, 0.45),
    "focused": Mood(0.55, 0.5, 0.25),
}
DEFAULT_MOOD = Mood(0.6, 0.55, 0.3)
# One bar of sixteenths per drum: "x" a hit, "o" a soft one.
DRUMS = {
    "four_on_floor": {"kick": "x...x...x...x...", "clap": "....x.......x...",
                      "hat": "x.x.x.x.x.x.x.x.", "open_hat": "..x...x...x...x."},
    "synthwave": {"kick": "x.......x.......", "snare": "....x.......x...",
                  "hat": "x.x.x.x.x.x.x.x."},
    "backbeat": {"kick": "x.....x.x.......", "snare": "....x.......x...",
                 "hat": "x.x.x.x.x.x.x.x."},
    "boom_bap": {"kick": "x......x..x.....", "snare": "....x.......x...",
                 "hat": "x.x.x.x.x.x.x.x."},
    "lofi": {"kick": "x.....x...x.....", "snare": "....x.......x..o",
             "hat": "x.xox.x.x.xox.x."},
    "breakbeat": {"kick": "x.........x.....", "snare": "....x..o....x...",
                  "hat": "x.x.x.x.x.x.x.x.", "ride": "x...x...x...x..."},
    "jazz": {"kick": "o.......o.......", "ride": "x...x.x.x...x.x.",
             "hat": "....x.......x..."},
    "folk": {"kick": "x.......x.......", "snare": "....o.......o...",
             "shaker": "xoxoxoxoxoxoxoxo"},
    "pulse": {"kick": "o.......o.......", "shaker": "..o...o...o...o."},
}  # fmt: skip
SNARES = ("snare", "clap")
# Where each layer sits between the speakers (-1 left, 1 right) and how loud it is.
PANS = {"hat": 0.3, "open_hat": 0.3, "shaker": 0.4, "ride": -0.3}
LEVELS = {"drums": 0.9, "bass": 0.75, "chords": 0.45, "pad": 0.22, "lead": 0.33}


def parse_key(key: str | None) -> tuple[int, bool]:
    """The tonic's pitch class (C = 0) and whether the key is minor: "F#m" → (6, True).
    No key is C major; anything else that is not a key is a ValueError."""
    if not key:
        return 0, False
    match = _KEY.match(key)
    if match is None:
        raise ValueError(f"Not a musical key: {key!r}")
    letter, accidental, quality = match.groups()
    tonic = (_LETTERS[letter.upper()] + _ACCIDENTALS[accidental]) % 12
    return tonic, quality in ("m", "min", "minor")


def frequency(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _fold(note: int, low: int, high: int) -> int:
    """`note` moved by octaves into [low, high)."""
    while note >= high:
        note -= 12
    while note < low:
        note += 12
    return note


def _table(amplitudes: Sequence[float]) -> np.ndarray:
    """One cycle of a wave made of these harmonics' amplitudes, peak 1."""
    phase = np.arange(TABLE_SIZE) * (2 * math.pi / TABLE_SIZE)
    wave = sum(a * np.sin((h + 1) * phase) for h, a in enumerate(amplitudes) if a)
    return wave / np.abs(wave).max()


def _envelope(n: int, rate: int, *, attack: float, release: float) -> np.ndarray:
    """Rises over `attack`, holds, and falls over the last `release` seconds of `n` samples."""
    env = np.ones(n)
    rise = min(n, max(1, int(attack * rate)))
    fall = min(n - rise, max(1, int(release * rate)))
    env[:rise] = np.linspace(0, 1, rise, endpoint=False)
    if fall > 0:
        env[n - fall :] *= np.linspace(1, 0, fall)
    return env


class _Renderer:
    """Renders one piece: layers of mono samples mixed to stereo at the end."""

    def __init__(self, piece: Piece, rate: int):
        self.rate = rate
        self.rng = np.random.default_rng(piece.seed)
        self.style = STYLES.get(piece.genre.strip().lower(), DEFAULT_STYLE)
        self.mood = MOODS.get((piece.mood or "").strip().lower(), DEFAULT_MOOD)
        self.tonic, minor = parse_key(piece.key)
        self.scale = MINOR if minor else MAJOR
        self.bpm = min(max(int(piece.bpm), 40), 240)
        self.step = 60.0 / self.bpm / 4  # a sixteenth, in seconds
        self.bar = self.step * 16
        seconds = piece.seconds
        if seconds is None:
            seconds = self.rng.uniform(*TARGET_SECONDS)
        self.bars = max(1, round((seconds - TAIL_SECONDS) / self.bar))
        while self.bars > 1 and self.bars * self.bar + TAIL_SECONDS > MAX_SECONDS:
            self.bars -= 1
        while self.bars * self.bar + TAIL_SECONDS < min(seconds, MIN_SECONDS):
            self.bars += 1
        self.length = round((self.bars * self.bar + TAIL_SECONDS) * rate)
        self.layers = {name: np.zeros(self.length) for name in (*LEVELS, *PANS)}
        progressions = PROGRESSIONS[minor]
        self.progression = progressions[int(self.rng.integers(len(progressions)))]
        self.bars_per_chord = 2 if self.bpm >= 140 else 1
        self.intro = 0 if self.bars < 4 else 1 if self.bars < 8 else 2
        rolloff = 0.3 + 0.6 * self.mood.brightness
        self.tables = {
            "saw": _table([rolloff**h / (h + 1) for h in range(12)]),
            "soft": _table([1, 0.3 * rolloff, 0.1 * rolloff]),
            "sine": _table([1]),
            "square": _table([rolloff**h / (h + 1) if h % 2 == 0 else 0 for h in range(11)]),
            "organ": _table([1, 0.7, 0.5, 0.35, 0, 0.25, 0, 0.15 * rolloff]),
            "bass": _table([1, 0.5 * rolloff, 0.3 * rolloff, 0.15 * rolloff]),
        }
        self._notes: dict[tuple[str, int, int], np.ndarray] = {}
        self._drums: dict[str, np.ndarray] = {}

    # --- Time ----------------------------------------------------------------------------
    def at(self, bar: int, step: float) -> float:
        """When sixteenth `step` of `bar` sounds, swung and a little human."""
        style = self.style
        unit = 2 if style.swing_eighths else 1
        if style.swing and int(step) % (2 * unit) == unit:
            step += style.swing * unit
        return bar * self.bar + step * self.step + float(self.rng.normal(0, 0.003))

    def chord_degree(self, bar: int) -> int:
        return self.progression[(bar // self.bars_per_chord) % len(self.progression)]

    def chord(self, degree: int) -> list[int]:
        """The chord on scale degree `degree`, voiced around middle C (lower when dark)."""
        count = 4 if self.style.sevenths else 3
        low = 53 if self.mood.brightness >= 0.3 else 48
        notes = [self.note(degree + 2 * i) for i in range(count)]
        return sorted(_fold(n, low, low + 19) for n in notes)

    def note(self, degree: int, base: int = 60) -> int:
        """The MIDI note of scale degree `degree` above the tonic near `base`."""
        octave, index = divmod(degree, 7)
        return base + self.tonic + self.scale[index] + 12 * octave

    def bass_note(self, degree: int) -> int:
        return _fold(self.note(degree, 36), 33, 45)

    # --- Voices ----------------------------------------------------------------------------
    def _read(self, table: str, freq: float, n: int, vibrato: float = 0.0) -> np.ndarray:
        t = np.arange(n) / self.rate
        cycles = freq * t
        if vibrato:
            cycles -= freq * vibrato * np.cos(2 * math.pi * 5.5 * t) / (2 * math.pi * 5.5)
        return self.tables[table][((cycles % 1.0) * TABLE_SIZE).astype(np.intp)]

    def voice(self, instrument: str, midi: int, seconds: float) -> np.ndarray:
        """One note of `instrument`, rendered once per pitch and length."""
        n = max(1, int(seconds * self.rate))
        key = (instrument, midi, n)
        if key not in self._notes:
            self._notes[key] = self._voice(instrument, frequency(midi), n)
        return self._notes[key]

    def _voice(self, instrument: str, freq: float, n: int) -> np.ndarray:
        rate = self.rate
        t = np.arange(n) / rate
        release = min(0.05, n / rate / 4)

        def decaying(bright: str, dull: str, fast: float, slow: float) -> np.ndarray:
            wave = 0.6 * self._read(bright, freq, n) * np.exp(-t / fast)
            return wave + 0.6 * self._read(dull, freq, n) * np.exp(-t / slow)

        if instrument == "pad":
            wave = 0.5 * (self._read("saw", freq * 1.003, n) + self._read("saw", freq * 0.997, n))
            attack, release = min(0.4, n / rate / 3), min(0.4, n / rate / 3)
        elif instrument == "strings":
            wave, attack = self._read("saw", freq, n, vibrato=0.004), min(0.15, n / rate / 3)
        elif instrument == "organ":
            wave, attack = self._read("organ", freq, n), 0.005
        elif instrument == "keys":
            wave, attack = decaying("soft", "sine", 0.25, 1.5), 0.003
        elif instrument == "pluck":
            wave, attack = decaying("saw", "soft", 0.12, 0.7), 0.002
        elif instrument == "square":
            wave, attack = self._read("square", freq, n) * (0.75 + 0.25 * np.exp(-t / 0.2)), 0.01
        elif instrument == "flute":
            wave, attack = self._read("soft", freq, n, vibrato=0.003), 0.06
        elif instrument == "bell":
            wave = np.sin(2 * math.pi * freq * t) + 0.5 * np.sin(
                2 * math.pi * 2.76 * freq * t
            ) * np.exp(-t / 0.3)
            wave, attack = wave * np.exp(-t / 1.2) / 1.5, 0.002
        elif instrument == "synth_bass":
            wave, attack = self._read("bass", freq, n) * (0.7 + 0.3 * np.exp(-t / 0.15)), 0.004
        elif instrument == "sub_bass":
            # Held low notes carry most of the energy: kept below the rest of the mix.
            wave = 0.55 * self._read("sine", freq, n) + 0.1 * self._read("bass", freq, n)
            attack = 0.01
        elif instrument == "plucked_bass":
            wave, attack = self._read("bass", freq, n) * np.exp(-t / 0.6), 0.003
        else:
            raise ValueError(f"No such instrument: {instrument}")
        return wave * _envelope(n, rate, attack=attack, release=release)

    def drum(self, name: str) -> np.ndarray:
        """One hit of drum `name`, rendered once per piece."""
        if name not in self._drums:
            self._drums[name] = self._drum(name)
        return self._drums[name]

    def _drum(self, name: str) -> np.ndarray:
        rate, rng = self.rate, self.rng
        seconds = {"kick": 0.45, "crash": 1.8, "ride": 0.7, "open_hat": 0.3}.get(name, 0.2)
        n = int(seconds * rate)
        t = np.arange(n) / rate
        noise = rng.uniform(-1, 1, n)
        hiss = np.diff(noise, prepend=0.0) / 2  # a first difference: the highs of the noise
        if name == "kick":
            sweep = 2 * math.pi * (48 * t + 110 * 0.035 * (1 - np.exp(-t / 0.035)))
            return np.sin(sweep) * np.exp(-t / 0.3) + 0.2 * noise * np.exp(-t / 0.003)
        if name == "snare":
            body = 0.5 * np.sin(2 * math.pi * 185 * t) * np.exp(-t / 0.06)
            return body + 0.8 * hiss * np.exp(-t / 0.09)
        if name == "clap":
            bursts = sum(
                np.exp(-np.maximum(t - d, 0) / 0.008) * (t >= d) for d in (0, 0.011, 0.023)
            )
            return hiss * (0.5 * bursts + 0.6 * np.exp(-t / 0.12))
        if name in ("hat", "open_hat"):
            return 0.5 * hiss * np.exp(-t / (0.03 if name == "hat" else 0.12))
        if name == "ride":
            ping = sum(np.sin(2 * math.pi * f * t) for f in (3150, 4730, 6120)) / 3
            return (0.25 * ping + 0.35 * hiss) * np.exp(-t / 0.5)
        if name == "shaker":
            return 0.4 * hiss * np.sin(math.pi * np.minimum(t / 0.07, 1)) ** 2
        if name == "crash":
            return 0.5 * hiss * np.exp(-t / 0.7)
        raise ValueError(f"No such drum: {name}")

    def add(self, layer: str, sound: np.ndarray, start: float, gain: float = 1.0) -> None:
        begin = max(0, int(start * self.rate))
        end = min(self.length, begin + sound.size)
        if end > begin:
            self.layers[layer][begin:end] += gain * sound[: end - begin]

    # --- Parts ---------------------------------------------------------------------------
    def play(self) -> np.ndarray:
        for bar in range(self.bars):
            self.chords(bar)
            if bar >= self.intro:
                self.bassline(bar)
            self.beat(bar)
        self.melody()
        self.ending()
        return self.mix()

    def chords(self, bar: int) -> None:
        style, degree = self.style, self.chord_degree(bar)
        notes = self.chord(degree)
        span = self.bar * self.bars_per_chord
        if style.pad and bar % self.bars_per_chord == 0:
            for note in notes:
                self.add(
                    "pad",
                    self.voice("strings" if style.chords == "keys" else "pad", note, span + 0.3),
                    self.at(bar, 0),
                    0.5,
                )
        if style.comping == "sustain":
            if bar % self.bars_per_chord == 0:
                for note in notes:
                    self.add("chords", self.voice(style.chords, note, span + 0.2), bar * self.bar)
        elif style.comping == "stabs":
            for step in (2, 6, 10, 14):
                for note in notes:
                    self.add(
                        "chords",
                        self.voice(style.chords, note, self.step * 1.5),
                        self.at(bar, step),
                        0.8,
                    )
        elif style.comping == "strum":
            hits = (0, 3, 6, 8, 11, 14)
            for i, step in enumerate(hits):
                length = ((hits[i + 1] if i + 1 < len(hits) else 16) - step) * self.step
                start = self.at(bar, step)
                for j, note in enumerate(notes):
                    self.add(
                        "chords",
                        self.voice(style.chords, note, length),
                        start + 0.012 * j,
                        1.0 if step in (0, 8) else 0.7,
                    )
        elif style.comping == "arpeggio":
            tones = [*notes, notes[0] + 12, *reversed(notes[1:])]
            every = 2 if self.bpm >= 118 else 1
            for i, step in enumerate(range(0, 16, every)):
                note = tones[i % len(tones)]
                self.add(
                    "chords",
                    self.voice(style.chords, note, self.step * every * 1.5),
                    self.at(bar, step),
                    0.7,
                )
        elif style.comping == "comp":
            rhythm = ("x.....x.........", "...x......x.....", "x.......x..x....")[
                int(self.rng.integers(3))
            ]
            for step, hit in enumerate(rhythm):
                if hit == "x":
                    for note in notes:
                        self.add(
                            "chords",
                            self.voice(style.chords, note, self.step * 3),
                            self.at(bar, step),
                            0.8,
                        )

    def bassline(self, bar: int) -> None:
        style, degree = self.style, self.chord_degree(bar)
        root, fifth = self.bass_note(degree), self.bass_note(degree + 4)
        voice = style.bass_voice
        if style.bass == "whole":
            if bar % self.bars_per_chord == 0:
                length = self.bar * self.bars_per_chord
                self.add("bass", self.voice(voice, root, length), bar * self.bar)
            return
        if style.bass == "walking":
            next_root = self.bass_note(self.chord_degree(bar + 1))
            line = (
                root,
                self.bass_note(degree + 2),
                fifth,
                next_root + (1 if root > next_root else -1),
            )
            for beat, note in enumerate(line):
                self.add("bass", self.voice(voice, note, self.step * 3.5), self.at(bar, 4 * beat))
            return
        steps = {
            "eighths": {s: root for s in range(0, 16, 2)},
            "offbeat": {2: root, 6: root, 10: root, 14: root},
            "syncopated": {0: root, 3: root, 7: root + 12, 10: root, 14: fifth},
            "sub": {0: root, 10: root},
            "root_fifth": {0: root, 8: fifth},
        }[style.bass]
        onsets = sorted(steps)
        for i, step in enumerate(onsets):
            gap = (onsets[i + 1] if i + 1 < len(onsets) else 16) - step
            length = self.step * (gap * 0.9 if style.bass != "eighths" else 1.6)
            self.add("bass", self.voice(voice, steps[step], length), self.at(bar, step))

    def beat(self, bar: int) -> None:
        pattern = dict(DRUMS[self.style.drums])
        energy = self.mood.energy
        if energy >= 0.8 and pattern.get("hat") == "x.x.x.x.x.x.x.x.":
            pattern["hat"] = "xoxoxoxoxoxoxoxo"
        intro = bar < self.intro
        phrase_end = bar % 4 == 3 and bar < self.bars - 1
        velocity = 0.6 + 0.4 * energy
        for name, hits in pattern.items():
            if intro and name in ("kick", *SNARES):
                continue
            if phrase_end and name in SNARES:
                hits = hits[:13] + "ooo"  # a little fill into the next phrase
            layer = name if name in PANS else "drums"
            for step, hit in enumerate(hits):
                if hit != ".":
                    gain = velocity * (1.0 if hit == "x" else 0.45)
                    gain *= float(self.rng.uniform(0.85, 1.0))
                    self.add(layer, self.drum(name), self.at(bar, step), gain)
        if bar == self.intro and self.bars >= 4:
            self.add("drums", self.drum("crash"), self.at(bar, 0), 0.5 * velocity)

    def melody(self) -> None:
        """A two-bar motif over the chords, from the middle of the piece on."""
        instrument = self.style.lead
        if instrument is None or self.bars < 4:
            return
        every = 4 if self.bpm >= 130 else 2
        motif = []
        for step in range(0, 32, every):
            if self.rng.random() < 0.35:
                continue
            motif.append((step, int(self.rng.choice((0, 2, 4, 7, 1, 5, 4, 2)))))
        if not motif:
            motif = [(0, 0)]
        start = max(self.intro, self.bars // 3) // 2 * 2
        for bar in range(start, self.bars - 1, 2):
            degree = self.chord_degree(bar)
            for i, (step, offset) in enumerate(motif):
                end = motif[i + 1][0] if i + 1 < len(motif) else 32
                note = _fold(self.note(degree + offset, 72), 67, 86)
                self.add(
                    "lead",
                    self.voice(instrument, note, (end - step) * self.step * 0.95),
                    self.at(bar, step),
                )

    def ending(self) -> None:
        """The tonic chord rings out over the tail, with a last kick and cymbal."""
        start = self.bars * self.bar
        ring = TAIL_SECONDS - 0.1
        for note in self.chord(0):
            self.add(
                "chords",
                self.voice("pad" if self.style.chords == "pad" else "keys", note, ring),
                start,
            )
        self.add("bass", self.voice(self.style.bass_voice, self.bass_note(0), ring), start)
        self.add("drums", self.drum("kick"), start, 0.8)
        self.add("drums", self.drum("crash"), start, 0.4)

    def echo(self, signal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A ping-pong echo a dotted eighth apart, fed back according to the mood."""
        left, right = signal.copy(), signal.copy()
        delay = int(self.step * 3 * self.rate)
        feedback = 0.2 + 0.4 * self.mood.space
        for tap in range(1, 5):
            shift = tap * delay
            if shift >= signal.size:
                break
            side = right if tap % 2 else left
            side[shift:] += feedback**tap * signal[:-shift]
        return left, right

    def mix(self) -> np.ndarray:
        layers = self.layers
        tonal = LEVELS["chords"] * layers["chords"] + LEVELS["lead"] * layers["lead"]
        left, right = self.echo(tonal)
        haas = int(0.011 * self.rate)  # the pad a little later on the right: width
        pad = LEVELS["pad"] * layers["pad"]
        left += pad
        right[haas:] += pad[:-haas]
        centre = LEVELS["drums"] * layers["drums"] + LEVELS["bass"] * layers["bass"]
        left += centre
        right += centre
        for name, pan in PANS.items():
            left += 0.7 * LEVELS["drums"] * (1 - pan) * layers[name]
            right += 0.7 * LEVELS["drums"] * (1 + pan) * layers[name]
        if self.style.crackle:
            crackle = self.rng.uniform(-0.004, 0.004, self.length)
            pops = self.rng.random(self.length) < 6 / self.rate
            crackle[pops] += self.rng.uniform(-0.15, 0.15, int(pops.sum()))
            left += crackle
            right += crackle
        stereo = np.stack((left, right))
        stereo /= max(float(np.abs(stereo).max()), 1e-9)
        stereo = np.tanh(1.5 * stereo) / math.tanh(1.5)  # a soft limiter
        stereo *= PEAK * _envelope(self.length, self.rate, attack=0.005, release=0.3)
        return stereo.astype(np.float32)


def render(piece: Piece, *, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The piece as stereo float32 samples, shape (2, n), peaking at -1 dBFS."""
    if piece.bpm <= 0:
        raise ValueError("A piece needs a positive tempo.")
    return _Renderer(piece, sample_rate).play()


def piece_file(piece: Piece, format: str, tags: dict[str, str] | None = None) -> bytes:
    """The piece rendered and encoded as an audio file of `format` (positional arguments, for
    a process pool's `map`)."""
    return encode(render(piece), format=format, tags=tags)


# --- Encoding ----------------------------------------------------------------------------------
# Format → (container, codec, codec options, bit rate or None).
ENCODINGS = {
    # LAME quality 7 (of 0-9, 0 best) encodes twice as fast as its default: plenty for these.
    "mp3": ("mp3", "libmp3lame", {"compression_level": "7"}, 160_000),
    "m4a": ("ipod", "aac", {}, 160_000),
    "ogg": ("ogg", "vorbis", {"strict": "experimental"}, None),
    "opus": ("ogg", "libopus", {}, 128_000),
    "flac": ("flac", "flac", {}, None),
    "wav": ("wav", "pcm_s16le", {}, None),
    "aiff": ("aiff", "pcm_s16be", {}, None),
}
FRAME_SAMPLES = 4096


def encode(
    samples: np.ndarray,
    *,
    sample_rate: int = SAMPLE_RATE,
    format: str = "mp3",
    tags: dict[str, str] | None = None,
) -> bytes:
    """`samples` (float, shape (channels, n), one or two channels) as an audio file of
    `format` (a key of ENCODINGS), with `tags` (title, artist, genre, …) in its metadata."""
    container, codec, options, bit_rate = ENCODINGS[format]
    samples = np.atleast_2d(np.asarray(samples, dtype=np.float32))
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        out.metadata.update(tags or {})
        stream = out.add_stream(codec, rate=sample_rate, options=options)
        stream.layout = layout
        if bit_rate:
            stream.bit_rate = bit_rate
        for start in range(0, samples.shape[1], FRAME_SAMPLES):
            chunk = np.ascontiguousarray(samples[:, start : start + FRAME_SAMPLES])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
            frame.sample_rate = sample_rate
            frame.pts = start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


# --- Covers ------------------------------------------------------------------------------------
# The Tailwind palette's colours that demo gradients use (Tailwind CSS v3 values).
TAILWIND_COLOURS = {
    "amber-300": "#fcd34d", "cyan-300": "#67e8f9", "cyan-400": "#22d3ee",
    "emerald-400": "#34d399", "fuchsia-500": "#d946ef", "indigo-500": "#6366f1",
    "lime-300": "#bef264", "orange-400": "#fb923c", "pink-500": "#ec4899",
    "purple-600": "#9333ea", "red-500": "#ef4444", "rose-500": "#f43f5e",
    "sky-400": "#38bdf8", "teal-500": "#14b8a6", "violet-500": "#8b5cf6",
    "yellow-300": "#fde047",
}  # fmt: skip
# What "transparent" shows through to: the dark ground the web client draws covers on.
GROUND = (15, 15, 26)
_STOP = re.compile(r"^(from|via|to)-([a-z]+(?:-\d{2,3})?)(?:/\d{1,3})?$")
RGB = tuple[int, int, int]


def gradient_colours(classes: str) -> dict[str, RGB | None]:
    """The `from`, `via` and `to` colours of Tailwind gradient classes such as
    `from-emerald-400/30 via-transparent to-fuchsia-500/30` (None: transparent). A colour
    outside TAILWIND_COLOURS is a ValueError."""
    stops: dict[str, RGB | None] = {}
    for word in classes.split():
        match = _STOP.match(word)
        if match is None:
            continue
        position, name = match.groups()
        if name == "transparent":
            stops[position] = None
        elif name in TAILWIND_COLOURS:
            hex_value = TAILWIND_COLOURS[name].lstrip("#")
            stops[position] = tuple(int(hex_value[i : i + 2], 16) for i in (0, 2, 4))
        else:
            raise ValueError(f"Not a known Tailwind colour: {name}")
    if "from" not in stops or "to" not in stops:
        raise ValueError(f"Not a Tailwind gradient: {classes!r}")
    return stops


def cover_art(gradient: str, *, seed: int, size: int = 1000) -> bytes:
    """A square PNG cover: the gradient's colours from corner to corner, at full strength (the
    opacity in the classes tints the client's background, not a cover), with rings or waves
    drawn from the seed."""
    stops = gradient_colours(gradient)
    ends = [stops["from"], stops.get("via"), stops["to"]]
    colours = np.array([GROUND if c is None else c for c in ends], dtype=np.float64)
    position = np.add.outer(np.arange(size), np.arange(size)) / (2 * (size - 1))
    pixels = np.stack(
        [np.interp(position, (0.0, 0.5, 1.0), colours[:, channel]) for channel in range(3)],
        axis=-1,
    )
    image = Image.fromarray(pixels.astype(np.uint8), "RGB").convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    rng = np.random.default_rng(seed)
    width = max(1, size // 250)
    if rng.random() < 0.5:
        cx, cy = (float(v) * size for v in rng.uniform(0.2, 0.8, 2))
        for i in range(1, int(rng.integers(6, 14))):
            r = i * size / 14
            alpha = int(110 - 6 * i)
            draw.ellipse(
                (cx - r, cy - r, cx + r, cy + r), outline=(255, 255, 255, alpha), width=width
            )
    else:
        xs = np.linspace(0, size, 200)
        for i in range(int(rng.integers(4, 9))):
            freq, phase = rng.uniform(1, 4), rng.uniform(0, 2 * math.pi)
            height = size * (0.3 + 0.08 * i)
            ys = height + size * 0.06 * np.sin(2 * math.pi * freq * xs / size + phase)
            draw.line(
                list(zip(xs.tolist(), ys.tolist(), strict=True)),
                fill=(255, 255, 255, 140 - 12 * i),
                width=width,
            )
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()

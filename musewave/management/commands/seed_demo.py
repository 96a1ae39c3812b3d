"""Load a realistic demo catalogue: artists, albums, tracks, and what listeners did with them.

Every demo track plays: its music is synthesised from its genre, mood, tempo and key
(`musewave.media.synth`), its cover drawn from its gradient, and both go through the same
upload, checks and processing as any upload (a stored original, a streaming rendition, a
waveform and the decoded duration). The catalogue is deterministic (a fixed random seed), so
running the command again adds nothing that is already there. Larger catalogues for benchmarks:
`--users`, `--tracks`, `--plays`; tracks beyond the demo's fifty share the demo tracks'
processed files instead of being processed one by one.
"""

import contextlib
import logging
import multiprocessing
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate, islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from musewave import services
from musewave.media import synth
from musewave.media.tasks import process_track_audio
from musewave.models import (
    Album,
    Comment,
    Download,
    Follow,
    Like,
    Play,
    Playlist,
    ProcessingStatus,
    Track,
    User,
)
from musewave.services.rollups import rollups_rebuild

DEMO_PASSWORD = "musewave-demo-2026"
PLAYLIST_TITLES = ["Night drive", "Sunday morning", "Focus", "Summer nights"]
BATCH_SIZE = 5000
HISTORY_DAYS = 60

ARTISTS = [
    ("luna_waves", "Luna Waves", "Dreamy synth-pop from Lisbon.", "Lisbon, PT", "electronic"),
    ("beyonce_fan", "Beyoncé Tribute", "R&B covers with a twist.", "Houston, US", "r&b"),
    ("night-drive", "Night Drive", "Synthwave for empty highways.", "Los Angeles, US", "synthwave"),
    ("mara.keys", "Mara Keys", "Solo piano and ambient textures.", "Berlin, DE", "ambient"),
    ("dj_kairo", "DJ Kairo", "House and afrobeat grooves.", "Lagos, NG", "house"),
    ("the_paper_kites", "The Paper Boats", "Indie folk trio.", "Melbourne, AU", "folk"),
    ("sofia.rock", "Sofía Rock", "Garage rock, loud and proud.", "Madrid, ES", "rock"),
    ("lofi_lee", "Lo-Fi Lee", "Beats to study and relax to.", "Seoul, KR", "lo-fi"),
    ("jazz_cat", "Jazz Cat Quartet", "Modern jazz standards.", "New Orleans, US", "jazz"),
    ("echo_hiphop", "Echo", "Conscious hip-hop.", "London, UK", "hip-hop"),
    ("aurora_classic", "Aurora Strings", "Chamber music for today.", "Vienna, AT", "classical"),
    (
        "metro.beats",
        "Metro Beats",
        "Drum and bass from the underground.",
        "Bristol, UK",
        "drum and bass",
    ),
]
MOODS = ["happy", "chill", "energetic", "melancholic", "dreamy", "dark", "romantic", "focused"]
TAGS = [
    "summer", "night", "road trip", "study", "workout", "rainy day", "party", "acoustic",
    "instrumental", "vocal", "remix", "live", "late night", "sunrise", "city", "love",
]  # fmt: skip
TITLE_WORDS = [
    "Summer", "Vibes", "Midnight", "Echoes", "Golden", "Hour", "Neon", "Dreams", "Ocean",
    "Drive", "Velvet", "Sky", "Lost", "Signals", "Paper", "Hearts", "Electric", "Rain",
    "Silent", "City", "Wild", "Fire", "Moonlight", "Sonata", "Café", "Tokyo", "Waves",
]  # fmt: skip
KEYS = ["C", "Cm", "D", "Dm", "E", "Em", "F", "F#m", "G", "Gm", "A", "Am", "B", "Bbm"]
# The class form the legacy web client puts on a cover without an image.
GRADIENTS = [
    "from-emerald-400/30 via-transparent to-fuchsia-500/30",
    "from-violet-500/30 via-transparent to-sky-400/30",
    "from-rose-500/30 via-transparent to-amber-300/30",
    "from-cyan-400/30 via-transparent to-indigo-500/30",
    "from-orange-400/30 via-transparent to-pink-500/30",
    "from-lime-300/30 via-transparent to-teal-500/30",
    "from-purple-600/30 via-transparent to-cyan-300/30",
    "from-yellow-300/30 via-transparent to-red-500/30",
]
# Tempo ranges (BPM) that sound like the genre.
TEMPOS = {
    "electronic": (112, 128), "r&b": (68, 98), "synthwave": (84, 118), "ambient": (60, 80),
    "house": (118, 128), "folk": (80, 120), "rock": (110, 150), "lo-fi": (70, 90),
    "jazz": (90, 160), "hip-hop": (80, 100), "classical": (60, 110), "drum and bass": (165, 176),
}  # fmt: skip
FORMATS = ["mp3", "mp3", "flac", "ogg"]
# Tracks made and processed one by one; the tracks of a larger catalogue share their files.
DEMO_TRACKS = 50
# What a track that shares a demo track's files takes from it: the audio, what processing
# found in it, the cover, and the facts the music was made from.
SHARED_FIELDS = (
    "audio_url", "audio_file", "stream_file", "audio_file_size", "audio_duration", "audio_format",
    "audio_codec", "audio_bitrate", "audio_sample_rate", "audio_channels", "loudness",
    "true_peak", "replay_gain", "waveform", "waveform_data", "processing_status", "cover_url",
    "cover_file", "cover_small_file", "cover_gradient", "bpm", "key",
)  # fmt: skip
# The fields that the later steps read of each track (a large catalogue's waveforms stay out).
LOADED_FIELDS = (
    "id", "owner_id", "title", "genre", "cover_gradient", "audio_duration", "published",
    "created_at",
)  # fmt: skip
LISTENERS = 40
USER_AGENTS = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36",
    "MuseWave/3.2 (iPhone; iOS 18.1)",
    "MuseWave/3.2 (Android 15; Pixel 9)",
]


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class PlannedTrack:
    """A demo track as the seed means it: its fields, its history and how its music is made."""

    index: int
    owner: User
    fields: dict[str, Any]
    created_at: datetime
    audio_format: str
    seed: int

    @property
    def key(self) -> tuple[Any, str]:
        """What tells the track apart on a later run."""
        return self.owner.pk, self.fields["title"]


@contextlib.contextmanager
def _processing_in_process() -> Iterator[None]:
    """Run the uploads' processing jobs here, whatever broker is configured: a seed that queued
    them for a worker that may not be running would leave the demo pending and silent. The
    job runner's line per finished job is left out of the progress bars."""
    conf = process_track_audio.app.conf
    eager = conf.task_always_eager
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    conf.task_always_eager = True
    trace.setLevel(logging.WARNING)
    try:
        yield
    finally:
        conf.task_always_eager = eager
        trace.setLevel(level)


def _music(plans: list["PlannedTrack"], *, seconds: float | None) -> Iterator[bytes]:
    """The planned tracks' audio files, in order, made in another process while this one
    uploads and processes the ones before (on two cores, that halves the demo's time)."""
    pieces = [
        synth.Piece(
            genre=p.fields["genre"],
            mood=p.fields["mood"],
            bpm=p.fields["bpm"],
            key=p.fields["key"],
            seed=p.seed,
            seconds=seconds,
        )
        for p in plans
    ]
    formats = [p.audio_format for p in plans]
    tags = [{name: p.fields[name] for name in ("title", "artist", "genre")} for p in plans]
    if len(plans) < 2:
        yield from map(synth.piece_file, pieces, formats, tags)
        return
    # A fresh interpreter ("spawn"): a fork would copy this process's database connections and
    # threads into the worker.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from pool.map(synth.piece_file, pieces, formats, tags)
    finally:  # a failed upload stops the music still to come
        pool.shutdown(cancel_futures=True)


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent). Scale it up with --users, --tracks and --plays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=len(ARTISTS) + LISTENERS,
                            help="Total demo users (artists first, then listeners).")  # fmt: skip
        parser.add_argument("--tracks", type=int, default=DEMO_TRACKS, help="Total demo tracks.")
        parser.add_argument("--plays", type=int, default=3000, help="Total demo plays.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--piece-seconds",
            type=float,
            default=None,
            help="Length of each demo track's music in seconds, at most "
            f"{synth.MAX_SECONDS:g} (default: {synth.MIN_SECONDS:g} to {synth.MAX_SECONDS:g}, "
            "varied per track). Shorter pieces seed faster.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users (used by `make run`).",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Database already has data; demo catalogue not loaded.")
            return
        for name in ("users", "tracks", "plays"):
            if options[name] < 0:
                self.stderr.write(f"--{name} must not be negative.")
                return
        seconds = options["piece_seconds"]
        if seconds is not None and not 1 <= seconds <= synth.MAX_SECONDS:
            self.stderr.write(f"--piece-seconds must be between 1 and {synth.MAX_SECONDS:g}.")
            return
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.progress = self.stdout.isatty() or options["verbosity"] >= 1
        self.piece_seconds = seconds
        users = self._users(max(options["users"], 2))
        artists = users[: min(len(ARTISTS), len(users) - 1)]
        listeners = users[len(artists) :]
        tracks = self._tracks(artists, options["tracks"])
        self._albums(artists, tracks)
        self._social(users, artists, tracks)
        self._plays(listeners, tracks, options["plays"])
        self._recount(tracks)
        self._playlists(listeners, tracks)
        rollups_rebuild()  # the statistics read them; the plays above were loaded in bulk
        self._analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue ready: {User.objects.count()} users, {Track.objects.count()} "
                f"tracks, {Album.objects.count()} albums, {Play.objects.count()} plays. "
                f"Every demo user's password is {DEMO_PASSWORD!r}."
            )
        )

    def _analyze(self) -> None:
        """Planner statistics of the loaded rows and, on PostgreSQL, the visibility map that
        index-only scans read, as autovacuum would make them in time. Not inside a caller's
        transaction (a test's, say): VACUUM cannot run there, and PostgreSQL would keep the
        statistics of rows the caller may roll back."""
        if connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")

    def _bar(self, total: int, desc: str, unit: str = "row"):
        return tqdm(total=total, desc=desc, unit=unit, disable=not self.progress, file=self.stderr)

    def _users(self, total: int) -> list[User]:
        password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 per user would take minutes
        wanted = []
        for i in range(total):
            if i < len(ARTISTS):
                username, name, bio, location, _ = ARTISTS[i]
                wanted.append(
                    User(
                        username=username,
                        email=f"{username.replace('.', '_')}@demo.musewave.app",
                        display_name=name,
                        bio=bio,
                        location=location,
                        verified=i % 3 == 0,
                        website=f"https://{slugify(name)}.example.com",
                        instagram=username,
                        password=password,
                    )
                )
            else:
                n = i - len(ARTISTS) + 1
                wanted.append(
                    User(
                        username=f"listener{n:05d}",
                        email=f"listener{n:05d}@demo.musewave.app",
                        display_name=f"Listener {n}",
                        password=password,
                        created_at=self.now - timedelta(days=self.rng.randint(0, 365)),
                    )
                )
        existing = set(
            User.objects.filter(username__in=[u.username for u in wanted]).values_list(
                "username", flat=True
            )
        )
        missing = [u for u in wanted if u.username not in existing]
        with self._bar(len(missing), "users") as bar:
            for chunk in _chunks(missing, BATCH_SIZE):
                User.objects.bulk_create(chunk, ignore_conflicts=True)
                bar.update(len(chunk))
        by_name = User.objects.in_bulk([u.username for u in wanted], field_name="username")
        return [by_name[u.username] for u in wanted]

    def _title(self, index: int) -> str:
        words = self.rng.sample(TITLE_WORDS, self.rng.choice((1, 2, 2, 3)))
        return " ".join(words) + ("" if index < len(TITLE_WORDS) * 4 else f" {index}")

    def _plan(self, artists: list[User], total: int) -> list[PlannedTrack]:
        """Every track of the catalogue, drawn from the random seed alone (never from what the
        database holds, so that a later run plans the same tracks)."""
        genres = {a.username: g for (a, (*_, g)) in zip(artists, ARTISTS, strict=False)}
        plans, titles = [], set()
        for i in range(total):
            owner = artists[i % len(artists)]
            genre = genres.get(owner.username, "electronic")
            title = self._title(i)
            if (owner.pk, title) in titles:  # an artist's titles tell their tracks apart
                title = f"{title} {i}"
            titles.add((owner.pk, title))
            created = self.now - timedelta(days=self.rng.uniform(HISTORY_DAYS, 400))
            fields = {
                "title": title,
                "artist": owner.display_name,
                # The legacy client opens an artist's page by this slug, as a username.
                "artist_slug": owner.username,
                "description": f"{self.rng.choice(MOODS).capitalize()} track by "
                f"{owner.display_name}.",
                "genre": genre,
                "mood": self.rng.choice(MOODS),
                "tags": self.rng.sample(TAGS, self.rng.randint(1, 4)),
                "cover_gradient": self.rng.choice(GRADIENTS),
                "bpm": self.rng.randint(*TEMPOS.get(genre, (90, 130))),
                "key": self.rng.choice(KEYS),
                "published": i % 10 != 9,  # every tenth track is a draft
            }
            plans.append(
                PlannedTrack(
                    index=i,
                    owner=owner,
                    fields=fields,
                    created_at=created,
                    audio_format=self.rng.choice(FORMATS),
                    seed=self.rng.randrange(2**32),
                )
            )
        return plans

    def _tracks(self, artists: list[User], total: int) -> list[Track]:
        plans = self._plan(artists, total)
        existing = {
            (owner_id, title)
            for owner_id, title in Track.objects.filter(owner__in=artists).values_list(
                "owner_id", "title"
            )
        }
        demo = plans[:DEMO_TRACKS]
        missing = [p for p in demo if p.key not in existing]
        with _processing_in_process(), self._bar(len(missing), "demo tracks", "track") as bar:
            for plan, audio in zip(
                missing, _music(missing, seconds=self.piece_seconds), strict=True
            ):
                self._upload(plan, audio)
                bar.update()
            self._finish_processing(demo)
        self._share_files(
            demo, [p for p in plans[DEMO_TRACKS:] if p.key not in existing], artists=artists
        )
        loaded = {
            (t.owner_id, t.title): t
            for t in Track.objects.filter(owner__in=artists).only(*LOADED_FIELDS)
        }
        return [loaded[p.key] for p in plans if p.key in loaded]

    def _upload(self, plan: PlannedTrack, audio: bytes) -> None:
        """Upload the track's music, with a cover drawn from its gradient, as an artist would."""
        fields = plan.fields
        cover = synth.cover_art(fields["cover_gradient"], seed=plan.seed)
        name = slugify(fields["title"]) or "track"
        track = services.track_upload(
            actor=plan.owner,
            audio=ContentFile(audio, name=f"{name}.{plan.audio_format}"),
            cover=ContentFile(cover, name=f"{name}.png"),
            **fields,
        )
        # Uploaded now, but part of a catalogue with a history.
        Track.objects.filter(pk=track.pk).update(
            created_at=plan.created_at,
            published_at=plan.created_at + timedelta(hours=1) if track.published else None,
        )

    def _finish_processing(self, demo: list[PlannedTrack]) -> None:
        """Process the demo tracks that an interrupted run left unprocessed."""
        unfinished = (
            Track.objects.filter(
                owner__in={p.owner.pk for p in demo}, title__in={p.fields["title"] for p in demo}
            )
            .exclude(audio_file="")
            .exclude(processing_status=ProcessingStatus.READY)
            .values_list("pk", "owner_id", "title")
        )
        keys = {p.key for p in demo}
        for pk, owner_id, title in unfinished:
            if (owner_id, title) in keys:
                services.track_audio_process(track_id=pk)

    def _share_files(
        self, demo: list[PlannedTrack], missing: list[PlannedTrack], *, artists: list[User]
    ) -> None:
        """Create the tracks beyond the demo in bulk, each with the processed files of one of
        its artist's demo tracks (any artist's when that one has none)."""
        if not missing:
            return
        processed = {
            (t.owner_id, t.title): t
            for t in Track.objects.filter(
                owner__in=artists,
                title__in={p.fields["title"] for p in demo},
                processing_status=ProcessingStatus.READY,
            )
            .exclude(stream_file="")
            .only("owner_id", "title", *SHARED_FIELDS)
        }
        ready = [processed[p.key] for p in demo if p.key in processed]  # in the plan's order
        if not ready:
            raise CommandError("No demo track was processed; there are no files to share.")
        sources: dict[Any, list[Track]] = {}
        for track in ready:
            sources.setdefault(track.owner_id, []).append(track)

        def rows() -> Iterator[Track]:
            for plan in missing:
                own = sources.get(plan.owner.pk)
                if own:
                    source = own[plan.index // len(artists) % len(own)]
                else:
                    source = ready[plan.index % len(ready)]
                fields = {**plan.fields, **{n: getattr(source, n) for n in SHARED_FIELDS}}
                yield Track(
                    owner=plan.owner,
                    created_at=plan.created_at,
                    published_at=plan.created_at + timedelta(hours=1)
                    if fields["published"]
                    else None,
                    **fields,
                )

        with self._bar(len(missing), "tracks") as bar:
            for chunk in _chunks(rows(), BATCH_SIZE):
                Track.objects.bulk_create(chunk)
                bar.update(len(chunk))

    @transaction.atomic
    def _albums(self, artists: list[User], tracks: list[Track]) -> None:
        for artist in artists[: max(1, len(artists) // 2)]:
            own = [t for t in tracks if t.owner_id == artist.pk]
            if len(own) < 3:
                continue
            title = f"{own[0].title} (Deluxe)"
            album, created = Album.objects.get_or_create(
                owner=artist,
                title=title,
                defaults={
                    "artist": artist.display_name,
                    "genre": own[0].genre,
                    "description": f"The first collection by {artist.display_name}.",
                    "cover_gradient": own[0].cover_gradient,
                    "release_date": min(t.created_at for t in own[:4]),
                    "published": True,
                },
            )
            if created:
                Track.objects.filter(pk__in=[t.pk for t in own[:4]]).update(album=album)

    def _playlists(self, listeners: list[User], tracks: list[Track]) -> None:
        """A few listeners' public playlists, built through the services like any other."""
        published = [t for t in tracks if t.published]
        if not published:
            return
        for listener, title in zip(listeners, PLAYLIST_TITLES, strict=False):
            if Playlist.objects.filter(owner=listener, title=title).exists():
                continue
            playlist = services.playlist_create(
                actor=listener, title=title, description=f"{listener.display_name}'s picks."
            )
            picks = self.rng.sample(published, min(len(published), self.rng.randint(5, 12)))
            services.playlist_items_add(
                actor=listener, playlist=playlist, track_ids=[t.pk for t in picks]
            )

    @transaction.atomic
    def _social(self, users: list[User], artists: list[User], tracks: list[Track]) -> None:
        published = [t for t in tracks if t.published]
        follows, likes, comments = [], [], []
        for user in users:
            for artist in self.rng.sample(artists, min(len(artists), self.rng.randint(1, 5))):
                if artist.pk != user.pk:
                    follows.append(Follow(follower=user, following=artist))
            for track in self.rng.sample(published, min(len(published), self.rng.randint(0, 8))):
                likes.append(Like(user=user, track=track))
        Follow.objects.bulk_create(follows, ignore_conflicts=True)
        Like.objects.bulk_create(likes, ignore_conflicts=True)
        if not Comment.objects.filter(track__in=published).exists():
            lines = ["Love this!", "On repeat all week.", "That drop though 🔥", "Beautiful mix.",
                     "The bridge gives me chills.", "Perfect for late nights."]  # fmt: skip
            for track in published:
                for _ in range(self.rng.randint(0, 3)):
                    comments.append(
                        Comment(
                            user=self.rng.choice(users),
                            track=track,
                            body=self.rng.choice(lines),
                            position=round(self.rng.uniform(0, track.audio_duration), 1),
                            created_at=self.now - timedelta(days=self.rng.uniform(0, 30)),
                        )
                    )
            Comment.objects.bulk_create(comments)

    def _plays(self, listeners: list[User], tracks: list[Track], total: int) -> None:
        published = [t for t in tracks if t.published]
        already = Play.objects.filter(track__in=published).count()
        missing = max(0, total - already)
        if not published or not missing:
            return
        # A few tracks get most of the plays, as on any real platform.
        cumulative = list(accumulate(1.0 / (rank + 1) for rank in range(len(published))))
        rng, now = self.rng, self.now

        def rows():
            for _ in range(missing):
                track = rng.choices(published, cum_weights=cumulative)[0]
                share = min(1.0, rng.betavariate(2, 1.2))
                yield Play(
                    track_id=track.pk,
                    user_id=rng.choice(listeners).pk if listeners and rng.random() < 0.8 else None,
                    duration=round(track.audio_duration * share, 2),
                    completed=share > 0.95,
                    ip_address=f"198.51.100.{rng.randint(1, 254)}",  # documentation range
                    user_agent=rng.choice(USER_AGENTS),
                    created_at=now - timedelta(seconds=rng.uniform(0, HISTORY_DAYS * 86400)),
                )

        with self._bar(missing, "plays") as bar:
            for chunk in _chunks(rows(), BATCH_SIZE):
                with transaction.atomic():
                    Play.objects.bulk_create(chunk)
                bar.update(len(chunk))
        downloads = [
            Download(
                track_id=rng.choice(published).pk,
                user_id=rng.choice(listeners).pk if listeners else None,
                user_agent=rng.choice(USER_AGENTS),
                created_at=now - timedelta(days=rng.uniform(0, HISTORY_DAYS)),
            )
            for _ in range(missing // 20)
        ]
        Download.objects.bulk_create(downloads, batch_size=BATCH_SIZE)

    @transaction.atomic
    def _recount(self, tracks: list[Track]) -> None:
        """Counters equal the rows behind them, computed in the database."""

        def count_of(model):
            rows = model.objects.filter(track=OuterRef("pk")).order_by().values("track")
            return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

        Track.objects.filter(pk__in=[t.pk for t in tracks]).update(
            plays=count_of(Play), likes=count_of(Like), downloads=count_of(Download)
        )

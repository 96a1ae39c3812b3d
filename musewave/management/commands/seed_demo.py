"""Load a realistic demo catalogue: artists, albums, tracks, and what listeners did with them.

The catalogue is deterministic (a fixed random seed), so running the command again adds nothing
that is already there. Larger catalogues for benchmarks: `--users`, `--tracks`, `--plays`.
"""

import random
from datetime import timedelta
from itertools import accumulate, islice

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from musewave import services
from musewave.models import Album, Comment, Download, Follow, Like, Play, Playlist, Track, User
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
GRADIENTS = [
    "linear-gradient(135deg, #667eea 0%, #764ba2 100%)",
    "linear-gradient(135deg, #f093fb 0%, #f5576c 100%)",
    "linear-gradient(135deg, #4facfe 0%, #00f2fe 100%)",
    "linear-gradient(135deg, #43e97b 0%, #38f9d7 100%)",
    "linear-gradient(135deg, #fa709a 0%, #fee140 100%)",
]
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


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent). Scale it up with --users, --tracks and --plays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=len(ARTISTS) + LISTENERS,
                            help="Total demo users (artists first, then listeners).")  # fmt: skip
        parser.add_argument("--tracks", type=int, default=50, help="Total demo tracks.")
        parser.add_argument("--plays", type=int, default=3000, help="Total demo plays.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
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
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.progress = self.stdout.isatty() or options["verbosity"] >= 1
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue ready: {User.objects.count()} users, {Track.objects.count()} "
                f"tracks, {Album.objects.count()} albums, {Play.objects.count()} plays. "
                f"Every demo user's password is {DEMO_PASSWORD!r}."
            )
        )

    def _bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="row", disable=not self.progress, file=self.stderr)

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

    def _tracks(self, artists: list[User], total: int) -> list[Track]:
        genres = {a.username: g for (a, (*_, g)) in zip(artists, ARTISTS, strict=False)}
        wanted = []
        for i in range(total):
            owner = artists[i % len(artists)]
            duration = round(self.rng.uniform(95, 420), 2)
            created = self.now - timedelta(days=self.rng.uniform(HISTORY_DAYS, 400))
            published = i % 10 != 9  # every tenth track is a draft
            wanted.append(
                Track(
                    owner=owner,
                    title=self._title(i),
                    artist=owner.display_name,
                    artist_slug=slugify(owner.display_name),
                    description=f"{self.rng.choice(MOODS).capitalize()} track by "
                    f"{owner.display_name}.",
                    genre=genres.get(owner.username, "electronic"),
                    mood=self.rng.choice(MOODS),
                    tags=self.rng.sample(TAGS, self.rng.randint(1, 4)),
                    audio_url=f"https://cdn.musewave.app/audio/demo-{i:05d}.mp3",
                    audio_file_size=int(duration * 40_000),
                    audio_duration=duration,
                    audio_format=self.rng.choice(["mp3", "mp3", "flac", "ogg"]),
                    cover_gradient=self.rng.choice(GRADIENTS),
                    bpm=self.rng.randint(60, 175),
                    key=self.rng.choice(KEYS),
                    published=published,
                    published_at=created + timedelta(hours=1) if published else None,
                    created_at=created,
                )
            )
        existing = {
            url: pk
            for url, pk in Track.objects.filter(
                audio_url__in=[t.audio_url for t in wanted]
            ).values_list("audio_url", "pk")
        }
        missing = [t for t in wanted if t.audio_url not in existing]
        with self._bar(len(missing), "tracks") as bar:
            for chunk in _chunks(missing, BATCH_SIZE):
                Track.objects.bulk_create(chunk)
                bar.update(len(chunk))
        return list(Track.objects.filter(audio_url__in=[t.audio_url for t in wanted]))

    @transaction.atomic
    def _albums(self, artists: list[User], tracks: list[Track]) -> None:
        for artist in artists[: max(1, len(artists) // 2)]:
            own = sorted((t for t in tracks if t.owner_id == artist.pk), key=lambda t: t.audio_url)
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

"""The MuseWave domain model: users, albums, tracks and what listeners do with them."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import (
    MaxLengthValidator,
    MinLengthValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

# Timestamps default to now rather than using auto_now_add, so that imports, demo data and
# tests can record events at the moment they happened.

USERNAME_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_.-]+$",
    "Usernames may contain only letters, digits and the characters _ . -",
    code="invalid_username",
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> "User":
        # Usernames are unique case-insensitively, so logins are too.
        return self.get(username__iexact=username)

    def create_user(self, username: str, email: str, password: str | None = None, **fields):
        user = self.model(username=username, email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(username, email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on MuseWave: a listener, and an artist once they publish."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[MinLengthValidator(3), USERNAME_VALIDATOR],
        help_text="3–30 letters, digits, `_`, `.` or `-`; unique regardless of case.",
    )
    email = models.EmailField(max_length=254, help_text="Email address, unique regardless of case.")
    display_name = models.CharField(
        max_length=100, blank=True, default="", help_text="Name shown in the app."
    )
    bio = models.TextField(
        blank=True, default="", validators=[MaxLengthValidator(500)], help_text="Short biography."
    )
    avatar_url = models.URLField(
        max_length=500, blank=True, null=True, help_text="Avatar image URL."
    )
    header_url = models.URLField(
        max_length=500, blank=True, null=True, help_text="Header image URL."
    )
    # Uploaded images (names in the default storage); `avatar_url`/`header_url` point at the
    # large version. Empty when the URL is external or unset.
    avatar_file = models.FileField(max_length=255, blank=True, default="", editable=False)
    avatar_small_file = models.FileField(max_length=255, blank=True, default="", editable=False)
    header_file = models.FileField(max_length=255, blank=True, default="", editable=False)
    header_small_file = models.FileField(max_length=255, blank=True, default="", editable=False)
    location = models.CharField(
        max_length=100, blank=True, null=True, help_text="Where the user is based."
    )
    website = models.URLField(max_length=500, blank=True, null=True, help_text="Website URL.")
    twitter = models.CharField(
        max_length=100, blank=True, null=True, help_text="Twitter / X handle."
    )
    instagram = models.CharField(
        max_length=100, blank=True, null=True, help_text="Instagram handle."
    )
    spotify = models.CharField(max_length=200, blank=True, null=True, help_text="Spotify profile.")
    soundcloud = models.CharField(
        max_length=200, blank=True, null=True, help_text="SoundCloud profile."
    )
    verified = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username


class Album(models.Model):
    """A collection of one owner's tracks."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="albums")
    title = models.CharField(max_length=200, help_text="Title of the album.")
    artist = models.CharField(max_length=200, help_text="Artist name as shown on the album.")
    description = models.TextField(blank=True, null=True, help_text="Free-text description.")
    genre = models.CharField(max_length=50, help_text="Musical genre.")
    cover_url = models.CharField(
        max_length=500, blank=True, null=True, help_text="URL of the cover image."
    )
    cover_gradient = models.CharField(
        max_length=200,
        blank=True,
        null=True,
        help_text="CSS gradient shown when there is no cover image.",
    )
    release_date = models.DateTimeField(help_text="Release date and time.")
    published = models.BooleanField(
        default=False, help_text="Whether the album is published (default false)."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="album_owner_created_idx")]

    def __str__(self) -> str:
        return self.title


class ProcessingStatus(models.TextChoices):
    """Where the background processing of a track's uploaded audio stands."""

    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Track(models.Model):
    """A published (or draft) recording with its audio metadata and popularity counters."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracks")
    # Deleting an album keeps its tracks.
    album = models.ForeignKey(
        Album, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracks"
    )
    title = models.CharField(max_length=200, help_text="Title of the track.")
    artist = models.CharField(max_length=200, help_text="Artist name as shown on the track.")
    artist_slug = models.CharField(max_length=200, help_text="URL-friendly artist name.")
    description = models.TextField(blank=True, null=True, help_text="Free-text description.")
    genre = models.CharField(max_length=50, help_text="Musical genre.")
    mood = models.CharField(
        max_length=50, blank=True, null=True, help_text="Mood, such as `happy` or `calm`."
    )
    tags = models.JSONField(
        default=list, blank=True, help_text="Tags, stored lower-case and without repeats."
    )
    audio_url = models.CharField(max_length=1000, help_text="URL of the audio file.")
    audio_file_size = models.PositiveBigIntegerField(help_text="Size of the audio file in bytes.")
    audio_duration = models.FloatField(
        validators=[MinValueValidator(0)], help_text="Duration in seconds."
    )
    audio_format = models.CharField(max_length=20, help_text="Audio format, such as `mp3`.")
    cover_url = models.CharField(
        max_length=1000, blank=True, null=True, help_text="URL of the cover image."
    )
    cover_gradient = models.CharField(
        max_length=200,
        blank=True,
        null=True,
        help_text="CSS gradient shown when there is no cover image.",
    )
    waveform_data = models.TextField(
        blank=True, null=True, help_text="Serialized waveform peaks for the player."
    )
    # --- Uploaded media (names in the default storage; empty for an external audio_url) ---
    audio_file = models.FileField(
        max_length=255, blank=True, default="", editable=False, help_text="The original upload."
    )
    stream_file = models.FileField(
        max_length=255,
        blank=True,
        default="",
        editable=False,
        help_text="The AAC/M4A streaming rendition.",
    )
    cover_file = models.FileField(max_length=255, blank=True, default="", editable=False)
    cover_small_file = models.FileField(max_length=255, blank=True, default="", editable=False)
    audio_codec = models.CharField(max_length=32, blank=True, null=True)
    audio_bitrate = models.PositiveIntegerField(null=True, blank=True, help_text="Bits/second.")
    audio_sample_rate = models.PositiveIntegerField(null=True, blank=True, help_text="Hz.")
    audio_channels = models.PositiveSmallIntegerField(null=True, blank=True)
    loudness = models.FloatField(null=True, blank=True, help_text="Integrated loudness, LUFS.")
    true_peak = models.FloatField(null=True, blank=True, help_text="True peak, dBTP.")
    replay_gain = models.FloatField(
        null=True, blank=True, help_text="Gain in dB to play at -18 LUFS (ReplayGain 2.0)."
    )
    waveform = models.JSONField(
        null=True, blank=True, editable=False, help_text="Full waveform peaks (see the README)."
    )
    processing_status = models.CharField(
        max_length=20, choices=ProcessingStatus.choices, default=ProcessingStatus.READY
    )
    processing_error = models.TextField(blank=True, null=True)
    bpm = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Tempo in beats per minute.",
    )
    key = models.CharField(
        max_length=10, blank=True, null=True, help_text="Musical key, such as `C#m`."
    )
    plays = models.PositiveIntegerField(default=0)
    likes = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    # Moves with every live event about the track, under the track's row lock, so the events'
    # order is the commits' order (subscribers drop a counters event older than one they have).
    activity_sequence = models.PositiveBigIntegerField(default=0, editable=False)
    published = models.BooleanField(
        default=False,
        help_text="Public (true) or a draft (false, the default) that only its owner sees.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    downloadable = models.BooleanField(
        default=True,
        help_text="Whether listeners may download the original file (default true; its owner "
        "and staff always may).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="track_owner_created_idx"),
            models.Index(fields=["genre"], name="track_genre_idx"),
            models.Index(fields=["published", "-created_at"], name="track_published_created_idx"),
            models.Index(fields=["-created_at"], name="track_created_idx"),
            models.Index(fields=["published", "-plays"], name="track_published_plays_idx"),
            # An artist's totals (user stats) from the index alone, not from a row a track.
            models.Index(
                fields=["owner", "published", "plays", "likes", "downloads"],
                name="track_owner_totals_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plays__gte=0)
                & models.Q(likes__gte=0)
                & models.Q(downloads__gte=0)
                & models.Q(shares__gte=0),
                name="track_counters_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.artist} – {self.title}"


class SearchDocument(models.Model):
    """PostgreSQL only: a row of the search index, written by the database's triggers
    (migrations 0002_search_index and 0012_search_trigram), read by `musewave.search`.

    `document` is the weighted tsvector (GIN), `haystack` the normalised text that substrings
    (GIN trigram) and similar words (GiST trigram) are looked for in. On SQLite the index lives
    in FTS5 tables instead and these models are never queried.
    """

    document = SearchVectorField()
    haystack = models.TextField()

    class Meta:
        abstract = True
        managed = False


class TrackSearchDocument(SearchDocument):
    """A track's index row; `popularity`, the bit length of its plays, orders the candidates."""

    track = models.OneToOneField(
        Track,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_column="track_id",
        db_constraint=False,
        related_name="search_document",
    )
    popularity = models.IntegerField()

    class Meta(SearchDocument.Meta):
        db_table = "musewave_track_search"

    def __str__(self) -> str:
        return f"search document of track {self.track_id}"


class UserSearchDocument(SearchDocument):
    """A user's index row."""

    user = models.OneToOneField(
        "User",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_column="user_id",
        db_constraint=False,
        related_name="search_document",
    )

    class Meta(SearchDocument.Meta):
        db_table = "musewave_user_search"

    def __str__(self) -> str:
        return f"search document of user {self.user_id}"


class UserTrackRow(models.Model):
    """What one user did to one track, at a moment: the rows of likes, comments and reposts.

    Each has its id and when it happened, the newest first, and an index for the newest of a
    track's and of a user's, named after the model (`like_track_created_idx`); each model declares
    its `user` and `track` with the names of their reverse relations."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["track", "-created_at"], name="%(class)s_track_created_idx"),
            models.Index(fields=["user", "-created_at"], name="%(class)s_user_created_idx"),
        ]


class UniqueUserTrackRow(UserTrackRow):
    """A `UserTrackRow` a user holds at most once per track (a like, a repost)."""

    class Meta(UserTrackRow.Meta):
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["user", "track"], name="%(class)s_user_track_unique"),
        ]


class Like(UniqueUserTrackRow):
    """A user's like of a track; at most one per pair."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="likes")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="like_set")

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.track_id}"


class Follow(models.Model):
    """`follower` follows `following`; never oneself, at most once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    following = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "following"], name="follow_follower_following_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("following")), name="follow_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["following", "-created_at"], name="follow_following_created_idx"),
            models.Index(fields=["follower", "-created_at"], name="follow_follower_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.following_id}"


class Play(models.Model):
    """One listen of a track; `user` is null for an anonymous listener."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="play_set")
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="plays"
    )
    duration = models.FloatField(default=0, validators=[MinValueValidator(0)])
    completed = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, null=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["track", "created_at"], name="play_track_created_idx"),
            # The plays of one listener of a track in a period (`selectors.stats`).
            models.Index(
                fields=["track", "user", "created_at"], name="play_track_user_created_idx"
            ),
            models.Index(fields=["user", "-created_at"], name="play_user_created_idx"),
            models.Index(fields=["created_at"], name="play_created_idx"),
        ]

    def __str__(self) -> str:
        return f"play of {self.track_id} at {self.created_at}"


class Download(models.Model):
    """One download of a track; `user` is null for an anonymous one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="download_set")
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="downloads"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, null=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["track", "-created_at"], name="download_track_created_idx"),
        ]

    def __str__(self) -> str:
        return f"download of {self.track_id} at {self.created_at}"


# --- Rollups: what the statistics read instead of the plays ---------------------------------------
# Kept in the transaction of every play and download (`musewave.services.rollups`) and rebuilt from
# the rows by `manage.py rebuild_rollups`. Figures that compare a play with its track's duration
# (completed plays, the listen-through buckets) are recomputed when the duration changes.

# The share of a track a play heard falls into one of this many equal buckets.
HISTOGRAM_BUCKETS = 10
HEARD_FIELDS = tuple(f"heard_{i}" for i in range(HISTOGRAM_BUCKETS))
# A play counts as completed when it lasted more than this share of the track (or said so).
COMPLETION_THRESHOLD = 0.8


class TrackDay(models.Model):
    """A track's plays and downloads on one UTC day."""

    id = models.BigAutoField(primary_key=True)
    # The unique (track, day) index serves the track's lookups; a second one would only cost
    # every play a write.
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="days", db_index=False)
    day = models.DateField(help_text="The UTC day.")
    plays = models.PositiveIntegerField(default=0)
    completed_plays = models.PositiveIntegerField(
        default=0, help_text="Plays sent as completed or longer than 80 % of the track."
    )
    listened_seconds = models.FloatField(default=0.0, help_text="The plays' durations, summed.")
    downloads = models.PositiveIntegerField(default=0)
    # Bucket i: plays whose duration over the track's is in [i/10, (i+1)/10); the last bucket
    # also holds every longer play, and every play of a track without a duration.
    heard_0 = models.PositiveIntegerField(default=0, help_text="Plays that heard 0–10 %.")
    heard_1 = models.PositiveIntegerField(default=0, help_text="Plays that heard 10–20 %.")
    heard_2 = models.PositiveIntegerField(default=0, help_text="Plays that heard 20–30 %.")
    heard_3 = models.PositiveIntegerField(default=0, help_text="Plays that heard 30–40 %.")
    heard_4 = models.PositiveIntegerField(default=0, help_text="Plays that heard 40–50 %.")
    heard_5 = models.PositiveIntegerField(default=0, help_text="Plays that heard 50–60 %.")
    heard_6 = models.PositiveIntegerField(default=0, help_text="Plays that heard 60–70 %.")
    heard_7 = models.PositiveIntegerField(default=0, help_text="Plays that heard 70–80 %.")
    heard_8 = models.PositiveIntegerField(default=0, help_text="Plays that heard 80–90 %.")
    heard_9 = models.PositiveIntegerField(default=0, help_text="Plays that heard 90–100 %.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["track", "day"], name="track_day_unique")]
        indexes = [models.Index(fields=["day", "track"], name="track_day_day_idx")]

    def __str__(self) -> str:
        return f"{self.track_id} on {self.day}"


def one_row_per_listener(key: str, *, name: str) -> list[models.UniqueConstraint]:
    """A listener rollup's uniqueness: one row per `key` (a track, an artist) and known
    listener, and one for all its anonymous listeners together (`user` null)."""
    return [
        models.UniqueConstraint(
            fields=[key, "user"], condition=models.Q(user__isnull=False), name=f"{name}_unique"
        ),
        models.UniqueConstraint(
            fields=[key], condition=models.Q(user__isnull=True), name=f"{name}_anonymous_unique"
        ),
    ]


class TrackListener(models.Model):
    """One listener's plays of a track. Every anonymous play belongs to the one anonymous
    listener (`user` null), as the statistics count anonymous listeners together as one."""

    id = models.BigAutoField(primary_key=True)
    # Indexed first in track_listener_last_idx.
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="listeners", db_index=False
    )
    # A deleted user's plays become anonymous (Play.user is SET_NULL): a receiver in
    # `musewave.signals` folds their rows into the anonymous listener's before the user goes.
    user = models.ForeignKey(
        User, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+"
    )
    first_played_at = models.DateTimeField()
    last_played_at = models.DateTimeField()
    plays = models.PositiveIntegerField(default=0)
    listened_seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = one_row_per_listener("track", name="track_listener")
        indexes = [
            # Monthly listeners: the listeners of some tracks whose last play is recent, read
            # from the index alone.
            models.Index(
                fields=["track", "last_played_at", "first_played_at", "user"],
                name="track_listener_last_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or 'anonymous'} listens to {self.track_id}"


class TrackListenerCount(models.Model):
    """How many distinct listeners a track has (all anonymous ones together count as one)."""

    track = models.OneToOneField(
        Track, on_delete=models.CASCADE, primary_key=True, related_name="listener_count"
    )
    listeners = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.track_id}: {self.listeners} listeners"


class ArtistListener(models.Model):
    """One listener's last play of an artist's tracks, and of the published ones among them.
    Every anonymous play belongs to the one anonymous listener (`user` null). An artist's
    monthly listeners are these rows counted over an index: one row a listener, however many
    of the artist's tracks they play."""

    id = models.BigAutoField(primary_key=True)
    # Indexed first in both indexes below.
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    # As in TrackListener, a deleted user's rows join the anonymous listener's first.
    user = models.ForeignKey(
        User, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+"
    )
    last_played_at = models.DateTimeField(help_text="The last play of any of the tracks.")
    last_published_played_at = models.DateTimeField(
        null=True, blank=True, help_text="The last play of a track that is published now."
    )

    class Meta:
        constraints = one_row_per_listener("owner", name="artist_listener")
        indexes = [
            models.Index(fields=["owner", "last_played_at"], name="artist_listener_last_idx"),
            models.Index(
                fields=["owner", "last_published_played_at"],
                name="artist_listener_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or 'anonymous'} listens to {self.owner_id}"


class Comment(UserTrackRow):
    """A listener's comment on a track, optionally pinned to a moment in it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="comments")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(validators=[MinLengthValidator(1), MaxLengthValidator(2000)])
    position = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Seconds into the track the comment refers to.",
    )

    def __str__(self) -> str:
        return self.body[:50]


class Repost(UniqueUserTrackRow):
    """A user shares a track with their followers; at most one per pair."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reposts")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="reposts")

    def __str__(self) -> str:
        return f"{self.user_id} reposts {self.track_id}"


class Notification(models.Model):
    """Something that happened to `recipient`, done by `actor` (a follow, a like, a comment, a
    new track; none for the end of an upload's processing); unread while `read_at` is null."""

    class Kind(models.TextChoices):
        FOLLOW = "follow", "New follower"
        LIKE = "like", "Like on your track"
        COMMENT = "comment", "Comment on your track"
        NEW_TRACK = "new_track", "New track by an artist you follow"
        UPLOAD_READY = "upload_ready", "Your upload was processed"
        UPLOAD_FAILED = "upload_failed", "Your upload could not be processed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A read notification outlives its comment; an unread one is removed with it.
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created_idx"),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notif_recipient_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class Playlist(models.Model):
    """An ordered list of tracks that a user builds and shares.

    `track_count` and `duration` cache the number of items and the sum of their tracks'
    durations (seconds); every write of the items updates them in the same transaction, under a
    row lock of the playlist, and bumps `version`, which clients send back to detect stale edits.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: listed and searchable"
        UNLISTED = "unlisted", "Unlisted: reachable by id, never listed or searched"
        PRIVATE = "private", "Private: the owner and staff only"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="playlists")
    title = models.CharField(
        max_length=100, validators=[MinLengthValidator(1)], help_text="Title, 1–100 characters."
    )
    description = models.TextField(
        blank=True,
        default="",
        validators=[MaxLengthValidator(1000)],
        help_text="Description, at most 1000 characters.",
    )
    # Checked by `musewave.validators.check_web_url`, in the services and the admin.
    cover_url = models.CharField(
        max_length=1000,
        blank=True,
        null=True,
        help_text="An http(s) URL of the cover image; null for none.",
    )
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text="Who finds and opens it (default: public).",
    )
    track_count = models.PositiveIntegerField(default=0, editable=False)
    duration = models.FloatField(default=0.0, editable=False, help_text="Seconds.")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="playlist_owner_created_idx"),
            models.Index(fields=["visibility", "-created_at"], name="playlist_visible_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=["public", "unlisted", "private"]),
                name="playlist_visibility_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(duration__gte=0), name="playlist_duration_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlaylistItem(models.Model):
    """One place in a playlist. Positions are 0…n-1 without gaps; the same track may hold
    several places.

    The (playlist, position) constraint is an ordinary unique constraint on every database, so
    the services move positions through a temporary range above every position in use (see
    `musewave.services.playlists`) instead of relying on a deferred check, which SQLite lacks.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="items")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="playlist_items")
    position = models.PositiveIntegerField()
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["playlist", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["playlist", "position"], name="playlist_item_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.playlist_id} #{self.position}: {self.track_id}"

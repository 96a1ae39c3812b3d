"""Statistics, each computed by a few aggregate queries whatever the number of plays."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Avg, Count, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from musewave.models import Follow, Play, Track, User

MONTHLY_WINDOW = timedelta(days=30)
# A play counts as completed when it lasted more than this share of the track (or said so).
COMPLETION_THRESHOLD = 0.8


@dataclass(frozen=True)
class UserStats:
    user_id: object
    total_tracks: int
    total_plays: int
    total_likes: int
    total_downloads: int
    total_followers: int
    total_following: int
    monthly_listeners: int
    updated_at: datetime


@dataclass(frozen=True)
class TrackStats:
    track_id: object
    daily_plays: dict[str, int] = field(default_factory=dict)
    total_plays: int = 0
    total_unique_listeners: int = 0
    avg_listen_duration: float = 0.0
    completion_rate: float = 0.0
    updated_at: datetime | None = None


def _listener_count(plays) -> int:
    """Distinct listeners; every anonymous play together counts as one listener."""
    result = plays.aggregate(
        known=Count("user", distinct=True),
        anonymous=Count("id", filter=Q(user__isnull=True)),
    )
    return result["known"] + (1 if result["anonymous"] else 0)


def user_stats(*, user: User, now: datetime | None = None) -> UserStats:
    now = now or timezone.now()
    zero = Value(0)
    totals = Track.objects.filter(owner=user).aggregate(
        total_tracks=Count("id"),
        total_plays=Coalesce(Sum("plays"), zero),
        total_likes=Coalesce(Sum("likes"), zero),
        total_downloads=Coalesce(Sum("downloads"), zero),
    )
    # Two indexed counts; one joined aggregate would multiply followers by followings.
    followers = Follow.objects.filter(following=user).count()
    following = Follow.objects.filter(follower=user).count()
    monthly = _listener_count(
        Play.objects.filter(track__owner=user, created_at__gte=now - MONTHLY_WINDOW)
    )
    return UserStats(
        user_id=user.pk,
        total_followers=followers,
        total_following=following,
        monthly_listeners=monthly,
        updated_at=now,
        **totals,
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def track_stats(
    *,
    track: Track,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
) -> TrackStats:
    """Plays per UTC day, listeners, average listen and completion rate, optionally between two
    UTC dates (both included)."""
    now = now or timezone.now()
    plays = Play.objects.filter(track=track)
    if date_from is not None:
        plays = plays.filter(created_at__gte=_day_start(date_from))
    if date_to is not None:
        plays = plays.filter(created_at__lt=_day_start(date_to + timedelta(days=1)))
    per_day = (
        plays.annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    daily = {row["day"].isoformat(): row["n"] for row in per_day}
    completed = Q(completed=True) | Q(duration__gt=track.audio_duration * COMPLETION_THRESHOLD)
    agg = plays.aggregate(
        total=Count("id"),
        done=Count("id", filter=completed),
        avg=Avg("duration"),
        known=Count("user", distinct=True),
        anonymous=Count("id", filter=Q(user__isnull=True)),
    )
    total = agg["total"]
    return TrackStats(
        track_id=track.pk,
        daily_plays=daily,
        total_plays=total,
        total_unique_listeners=agg["known"] + (1 if agg["anonymous"] else 0),
        avg_listen_duration=float(agg["avg"] or 0.0),
        completion_rate=(100.0 * agg["done"] / total) if total else 0.0,
        updated_at=now,
    )

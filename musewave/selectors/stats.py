"""Statistics, each computed by a few aggregate queries whatever the number of plays.

Days are UTC days on every database. The indexes on plays (track, created_at) and (created_at)
serve every filter here.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from musewave.errors import ValidationFailed
from musewave.models import Play, Track, User
from musewave.selectors.social import follows_visible as visible_follows
from musewave.selectors.tracks import tracks_visible as visible_tracks

MONTHLY_WINDOW = timedelta(days=30)
HISTOGRAM_BUCKETS = 10
MAX_RANKING_LIMIT = 100
MAX_TRENDING_DAYS = 365
# A play counts as completed when it lasted more than this share of the track (or said so).
COMPLETION_THRESHOLD = 0.8


P = ParamSpec("P")
R = TypeVar("R")


def _key_part(value: object) -> str:
    return str(value.pk) if isinstance(value, Track | User) else str(value)


def cached_figures(compute: Callable[P, R]) -> Callable[P, R]:
    """Keep a figure in the cache for MUSEWAVE_STATS_CACHE_SECONDS.

    A popular track's figures aggregate hundreds of thousands of plays; many listeners asking
    within seconds share one computation, and `updated_at` says when it was made. A call with
    an explicit `now` (a past or future moment) is always computed.
    """

    @functools.wraps(compute)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        seconds = settings.MUSEWAVE_STATS_CACHE_SECONDS
        if seconds <= 0 or kwargs.get("now") is not None:
            return compute(*args, **kwargs)
        parts = [f"{name}={_key_part(value)}" for name, value in sorted(kwargs.items())]
        key = f"stats:{compute.__name__}:" + ":".join(parts)
        figures = cache.get(key)
        if figures is None:
            figures = compute(*args, **kwargs)
            cache.set(key, figures, seconds)
        return figures

    return wrapper


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


def _listener_aggregates() -> dict:
    """The aggregates `_listeners` reads, to add to any aggregate query over plays."""
    return {
        "known": Count("user", distinct=True),
        "anonymous": Count("id", filter=Q(user__isnull=True)),
    }


def _listeners(result: dict) -> int:
    """Distinct listeners; every anonymous play together counts as one listener."""
    return result["known"] + (1 if result["anonymous"] else 0)


def _listener_count(plays) -> int:
    return _listeners(plays.aggregate(**_listener_aggregates()))


def user_stats(
    *,
    user: User,
    viewer: User | None = None,
    include_drafts: bool = False,
    now: datetime | None = None,
) -> UserStats:
    """An artist's totals over the tracks `viewer` may see (`visible_tracks`: their drafts
    only for themselves, staff or with `include_drafts`), so that `total_tracks` agrees with
    the track list and count; followers and following are active users only."""
    with_drafts = include_drafts or (
        viewer is not None and (viewer.is_staff or viewer.pk == user.pk)
    )
    return _user_stats(user=user, with_drafts=with_drafts, now=now)


@cached_figures
def _user_stats(*, user: User, with_drafts: bool, now: datetime | None = None) -> UserStats:
    now = now or timezone.now()
    zero = Value(0)
    tracks = Track.objects.filter(owner=user)
    if not with_drafts:
        tracks = tracks.filter(published=True)
    totals = tracks.aggregate(
        total_tracks=Count("id"),
        total_plays=Coalesce(Sum("plays"), zero),
        total_likes=Coalesce(Sum("likes"), zero),
        total_downloads=Coalesce(Sum("downloads"), zero),
    )
    # Two indexed counts; one joined aggregate would multiply followers by followings.
    followers = visible_follows().filter(following=user).count()
    following = visible_follows().filter(follower=user).count()
    # Plays after `now` (only possible when `now` is in the past) are not part of that month.
    monthly = _listener_count(
        Play.objects.filter(
            track__in=tracks, created_at__gte=now - MONTHLY_WINDOW, created_at__lte=now
        )
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


def _on_utc_days(plays: QuerySet[Play], date_from: date | None, date_to: date | None):
    """The plays made from the start of UTC day `date_from` to the end of UTC day `date_to`."""
    if date_from is not None:
        plays = plays.filter(created_at__gte=_day_start(date_from))
    if date_to is not None and date_to < date.max:  # the last representable day has no end
        plays = plays.filter(created_at__lt=_day_start(date_to + timedelta(days=1)))
    return plays


@cached_figures
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
    plays = _on_utc_days(Play.objects.filter(track=track), date_from, date_to)
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
        **_listener_aggregates(),
    )
    total = agg["total"]
    return TrackStats(
        track_id=track.pk,
        daily_plays=daily,
        total_plays=total,
        total_unique_listeners=_listeners(agg),
        avg_listen_duration=float(agg["avg"] or 0.0),
        completion_rate=(100.0 * agg["done"] / total) if total else 0.0,
        updated_at=now,
    )


@cached_figures
def listen_histogram(
    *, track: Track, date_from: date | None = None, date_to: date | None = None
) -> list[int]:
    """How far listeners got: ten counts of plays by the share of the track they heard.

    The share is the play's duration over the track's, capped to [0, 1]; bucket i holds shares in
    [i/10, (i+1)/10) and the last bucket also holds 1.0. Only the duration is read, not the
    `completed` flag: a play sent as completed after 5 s of 200 counts in the first bucket,
    since the histogram shows how much was actually heard. Every play of a track of no duration
    counts as heard in full. Optionally limited to UTC days, as `track_stats`. One query.
    """
    plays = _on_utc_days(Play.objects.filter(track=track), date_from, date_to)
    length = track.audio_duration
    if length <= 0:
        return [0] * (HISTOGRAM_BUCKETS - 1) + [plays.count()]
    # The edges are computed here, once, so both databases compare against the same numbers.
    edges = [length * i / HISTOGRAM_BUCKETS for i in range(1, HISTOGRAM_BUCKETS)]
    buckets = [Q(duration__lt=edges[0])]
    buckets += [Q(duration__gte=low, duration__lt=high) for low, high in pairwise(edges)]
    buckets += [Q(duration__gte=edges[-1])]
    counts = plays.aggregate(
        **{f"b{i}": Count("id", filter=bucket) for i, bucket in enumerate(buckets)}
    )
    return [counts[f"b{i}"] for i in range(HISTOGRAM_BUCKETS)]


@dataclass(frozen=True)
class TrackPlayCount:
    track: Track
    plays: int


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RANKING_LIMIT:
        raise ValidationFailed.field(
            "limit", f"Enter a whole number from 1 to {MAX_RANKING_LIMIT}."
        )


def _ranked_by_plays(tracks: QuerySet[Track], window: dict, limit: int) -> list[TrackPlayCount]:
    # One filter() call for every condition on the play, so that they all apply to the same
    # joined play, which annotate() then counts; ties go to the track counter, then newest.
    ranked = (
        tracks.filter(**window)
        .annotate(window_plays=Count("play_set"))
        .filter(window_plays__gt=0)
        .order_by("-window_plays", "-plays", "-created_at", "-id")
    )
    return [TrackPlayCount(track=t, plays=t.window_plays) for t in ranked[:limit]]


@cached_figures
def top_tracks(
    *,
    owner: User,
    viewer: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 10,
    include_drafts: bool = False,
) -> list[TrackPlayCount]:
    """The owner's most played tracks from `since` (included) to `until` (excluded), most plays
    first, ties by all-time plays. Tracks without a play in the period are left out, and so are
    tracks `viewer` may not see (`visible_tracks`: drafts only for the owner, staff or with
    `include_drafts`). One query.

    The viewer is part of the cache key, so one viewer never receives a ranking computed for
    another who may see more."""
    _check_limit(limit)
    tracks = visible_tracks(viewer=viewer, include_drafts=include_drafts).filter(owner=owner)
    window = {}
    if since is not None:
        window["play_set__created_at__gte"] = since
    if until is not None:
        window["play_set__created_at__lt"] = until
    return _ranked_by_plays(tracks, window, limit)


@cached_figures
def trending_tracks(
    *, limit: int = 20, days: int = 7, now: datetime | None = None
) -> list[TrackPlayCount]:
    """Published tracks with the most plays in the last `days` days (up to `now`), ties by
    all-time plays. One query."""
    _check_limit(limit)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TRENDING_DAYS:
        raise ValidationFailed.field("days", f"Enter a whole number from 1 to {MAX_TRENDING_DAYS}.")
    now = now or timezone.now()
    window = {
        "play_set__created_at__gte": now - timedelta(days=days),
        "play_set__created_at__lte": now,
    }
    return _ranked_by_plays(Track.objects.filter(published=True), window, limit)

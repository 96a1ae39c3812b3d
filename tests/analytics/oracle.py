"""The statistics as aggregate queries over every play, as they were computed before the rollups:
the oracle that the rollups' figures must equal. (Distinct listeners are counted by the same
aggregates over plays as over listener rows.)"""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from django.db.models import Avg, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from musewave.models import COMPLETION_THRESHOLD, HISTOGRAM_BUCKETS, Play, Track, User
from musewave.selectors.social import follows_visible as visible_follows
from musewave.selectors.stats import (
    MONTHLY_WINDOW,
    TrackPlayCount,
    TrackStats,
    UserStats,
    _listener_aggregates,
    _listeners,
)
from musewave.selectors.tracks import tracks_visible as visible_tracks


def user_stats(
    *, user: User, viewer: User | None = None, include_drafts: bool = False, now: datetime
) -> UserStats:
    with_drafts = include_drafts or (
        viewer is not None and (viewer.is_staff or viewer.pk == user.pk)
    )
    tracks = Track.objects.filter(owner=user)
    if not with_drafts:
        tracks = tracks.filter(published=True)
    totals = tracks.aggregate(
        total_tracks=Count("id"),
        total_plays=Coalesce(Sum("plays"), Value(0)),
        total_likes=Coalesce(Sum("likes"), Value(0)),
        total_downloads=Coalesce(Sum("downloads"), Value(0)),
    )
    monthly = Play.objects.filter(
        track__in=tracks, created_at__gte=now - MONTHLY_WINDOW, created_at__lte=now
    ).aggregate(**_listener_aggregates())
    return UserStats(
        user_id=user.pk,
        total_followers=visible_follows().filter(following=user).count(),
        total_following=visible_follows().filter(follower=user).count(),
        monthly_listeners=_listeners(monthly),
        updated_at=now,
        **totals,
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _on_utc_days(plays: QuerySet[Play], date_from: date | None, date_to: date | None):
    if date_from is not None:
        plays = plays.filter(created_at__gte=_day_start(date_from))
    if date_to is not None and date_to < date.max:
        plays = plays.filter(created_at__lt=_day_start(date_to + timedelta(days=1)))
    return plays


def track_stats(
    *, track: Track, date_from: date | None = None, date_to: date | None = None, now: datetime
) -> TrackStats:
    plays = _on_utc_days(Play.objects.filter(track=track), date_from, date_to)
    per_day = (
        plays.annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
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
        daily_plays={row["day"].isoformat(): row["n"] for row in per_day},
        total_plays=total,
        total_unique_listeners=_listeners(agg),
        avg_listen_duration=float(agg["avg"] or 0.0),
        completion_rate=(100.0 * agg["done"] / total) if total else 0.0,
        updated_at=now,
    )


def track_listen_histogram(
    *, track: Track, date_from: date | None = None, date_to: date | None = None
) -> list[int]:
    plays = _on_utc_days(Play.objects.filter(track=track), date_from, date_to)
    length = track.audio_duration
    if length <= 0:
        return [0] * (HISTOGRAM_BUCKETS - 1) + [plays.count()]
    edges = [length * i / HISTOGRAM_BUCKETS for i in range(1, HISTOGRAM_BUCKETS)]
    buckets = [Q(duration__lt=edges[0])]
    buckets += [Q(duration__gte=low, duration__lt=high) for low, high in pairwise(edges)]
    buckets += [Q(duration__gte=edges[-1])]
    counts = plays.aggregate(
        **{f"b{i}": Count("id", filter=bucket) for i, bucket in enumerate(buckets)}
    )
    return [counts[f"b{i}"] for i in range(HISTOGRAM_BUCKETS)]


def _ranked_by_plays(tracks: QuerySet[Track], window: dict, limit: int) -> list[TrackPlayCount]:
    ranked = (
        tracks.filter(**window)
        .annotate(window_plays=Count("play_set"))
        .filter(window_plays__gt=0)
        .order_by("-window_plays", "-plays", "-created_at", "-id")
    )
    return [TrackPlayCount(track=t, plays=t.window_plays) for t in ranked[:limit]]


def tracks_top(
    *,
    owner: User,
    viewer: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 10,
    include_drafts: bool = False,
) -> list[TrackPlayCount]:
    tracks = visible_tracks(viewer=viewer, include_drafts=include_drafts).filter(owner=owner)
    window = {}
    if since is not None:
        window["play_set__created_at__gte"] = since
    if until is not None:
        window["play_set__created_at__lt"] = until
    return _ranked_by_plays(tracks, window, limit)


def tracks_trending(*, limit: int = 20, days: int = 7, now: datetime) -> list[TrackPlayCount]:
    now = now or timezone.now()
    window = {
        "play_set__created_at__gte": now - timedelta(days=days),
        "play_set__created_at__lte": now,
    }
    return _ranked_by_plays(Track.objects.filter(published=True), window, limit)

"""Statistics, read from the rollups (`TrackDay`, `TrackListener`, `TrackListenerCount`) that
every play and download keeps: their cost grows with the days shown, not with the plays.

Days are UTC days on every database. Plays themselves are read only at the edges of a window
that does not start or end at a UTC midnight (at most half a day of them, `_plan`), and for the
listeners of a date range who played both before and after it (one index probe each).
"""

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from musewave.errors import ValidationFailed
from musewave.models import (
    HEARD_FIELDS,
    ArtistListener,
    Play,
    Track,
    TrackDay,
    TrackListener,
    TrackListenerCount,
    User,
)
from musewave.selectors.social import follows_visible as visible_follows
from musewave.selectors.tracks import tracks_visible as visible_tracks

MONTHLY_WINDOW = timedelta(days=30)
MAX_RANKING_LIMIT = 100
MAX_TRENDING_DAYS = 365
MAX_ORDINAL = date.max.toordinal()
# A window's partial day is read from the plays up to this long, else as the day minus the rest.
HALF_DAY = timedelta(hours=12)


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
    """The aggregates `_listeners` reads, to add to any aggregate query over listener rows."""
    return {
        "known": Count("user", distinct=True),
        "anonymous": Count("id", filter=Q(user__isnull=True)),
    }


def _listeners(result: dict) -> int:
    """Distinct listeners; every anonymous play together counts as one listener."""
    return result["known"] + (1 if result["anonymous"] else 0)


def _listener_count(rows: QuerySet[TrackListener]) -> int:
    return _listeners(rows.aggregate(**_listener_aggregates()))


def _window_lookups(start: datetime | None, end: datetime | None, closed: bool) -> dict:
    """Lookups on `created_at` for the moments from `start` (included) to `end` (included when
    `closed`); None is no bound."""
    lookups = {}
    if start is not None:
        lookups["created_at__gte"] = start
    if end is not None:
        lookups["created_at__lte" if closed else "created_at__lt"] = end
    return lookups


def _played_in(start: datetime, end: datetime, closed: bool) -> Q:
    """Listener rows with a play of their track in the window, found in the plays through the
    (track, user, created_at) index: one probe per row."""
    plays = Play.objects.filter(track=OuterRef("track"), **_window_lookups(start, end, closed))
    known = Exists(plays.filter(user=OuterRef("user")))
    anonymous = Exists(plays.filter(user__isnull=True))
    return Q(known, user__isnull=False) | Q(anonymous, user__isnull=True)


def _listening_between(
    rows: QuerySet[TrackListener], start: datetime | None, end: datetime | None, closed: bool
) -> QuerySet[TrackListener]:
    """The listener rows with at least one play in the window. Their first and last plays
    decide, except for a listener who played before and after it: only that one's plays are
    looked at (`_played_in`)."""
    if start is not None:
        rows = rows.filter(last_played_at__gte=start)
    if end is not None:
        rows = rows.filter(**{"first_played_at__lte" if closed else "first_played_at__lt": end})
    if start is not None and end is not None:
        last_inside = Q(last_played_at__lte=end) if closed else Q(last_played_at__lt=end)
        rows = rows.filter(
            Q(first_played_at__gte=start) | last_inside | _played_in(start, end, closed)
        )
    return rows


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
    live = now is None
    now = now or timezone.now()
    zero = Value(0)
    tracks = Track.objects.filter(owner=user)
    if not with_drafts:
        tracks = tracks.filter(published=True)
    totals = tracks.aggregate(
        # COUNT(*), not of a column: the totals then come from track_owner_totals_idx alone.
        total_tracks=Count("*"),
        total_plays=Coalesce(Sum("plays"), zero),
        total_likes=Coalesce(Sum("likes"), zero),
        total_downloads=Coalesce(Sum("downloads"), zero),
    )
    # Two indexed counts; one joined aggregate would multiply followers by followings.
    followers = visible_follows().filter(following=user).count()
    following = visible_follows().filter(follower=user).count()
    if live:
        # This month's listeners: those whose last play of the artist's (published) tracks is
        # in it, counted over an index of one row a listener.
        last_play = "last_played_at" if with_drafts else "last_published_played_at"
        listeners = ArtistListener.objects.filter(
            owner=user, **{f"{last_play}__gte": now - MONTHLY_WINDOW}
        )
        monthly = listeners.count()
    else:
        # A month ending in the past: the listeners whose plays of a track fall in it, from
        # each track's listener rows (plays after `now` are not part of that month).
        rows = TrackListener.objects.filter(track__in=tracks)
        monthly = _listener_count(_listening_between(rows, now - MONTHLY_WINDOW, now, closed=True))
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


def _on_days(days: QuerySet[TrackDay], date_from: date | None, date_to: date | None):
    if date_from is not None:
        days = days.filter(day__gte=date_from)
    if date_to is not None:
        days = days.filter(day__lte=date_to)
    return days


def _track_listeners(track: Track, date_from: date | None, date_to: date | None) -> int:
    """Distinct listeners of the track from the start of UTC day `date_from` to the end of UTC
    day `date_to`."""
    start = _day_start(date_from) if date_from is not None else None
    # The last representable day has no end.
    end = _day_start(date_to + timedelta(days=1)) if date_to and date_to < date.max else None
    if start is None and end is None:
        count = TrackListenerCount.objects.filter(track=track).values_list("listeners", flat=True)
        return count.first() or 0
    rows = TrackListener.objects.filter(track=track)
    return _listener_count(_listening_between(rows, start, end, closed=False))


@cached_figures
def track_stats(
    *,
    track: Track,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
) -> TrackStats:
    """Plays per UTC day, listeners, average listen and completion rate, optionally between two
    UTC dates (both included). Two queries over the track's days (and its listeners)."""
    now = now or timezone.now()
    days = _on_days(TrackDay.objects.filter(track=track, plays__gt=0), date_from, date_to)
    rows = days.order_by("day").values_list("day", "plays", "completed_plays", "listened_seconds")
    daily, total, done, listened = {}, 0, 0, 0.0
    for day, plays, completed, seconds in rows:
        daily[day.isoformat()] = plays
        total += plays
        done += completed
        listened += seconds
    return TrackStats(
        track_id=track.pk,
        daily_plays=daily,
        total_plays=total,
        total_unique_listeners=_track_listeners(track, date_from, date_to),
        avg_listen_duration=listened / total if total else 0.0,
        completion_rate=(100.0 * done / total) if total else 0.0,
        updated_at=now,
    )


@cached_figures
def track_listen_histogram(
    *, track: Track, date_from: date | None = None, date_to: date | None = None
) -> list[int]:
    """How far listeners got: ten counts of plays by the share of the track they heard.

    The share is the play's duration over the track's, capped to [0, 1]; bucket i holds shares in
    [i/10, (i+1)/10) and the last bucket also holds 1.0. Only the duration is read, not the
    `completed` flag: a play sent as completed after 5 s of 200 counts in the first bucket,
    since the histogram shows how much was actually heard. Every play of a track of no duration
    counts as heard in full. Optionally limited to UTC days, as `track_stats`. One query over
    the track's days.
    """
    days = _on_days(TrackDay.objects.filter(track=track), date_from, date_to)
    sums = days.aggregate(**{name: Coalesce(Sum(name), 0) for name in HEARD_FIELDS})
    return [sums[name] for name in HEARD_FIELDS]


@dataclass(frozen=True)
class TrackPlayCount:
    track: Track
    plays: int


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RANKING_LIMIT:
        raise ValidationFailed.field(
            "limit", f"Enter a whole number from 1 to {MAX_RANKING_LIMIT}."
        )


def _aware(moment: datetime | None) -> datetime | None:
    # As a DateTimeField reads a naive moment: in the default time zone.
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


@dataclass(frozen=True)
class _WindowPlan:
    """How to count the plays of a window: the rollups of the UTC days from ordinal `first` to
    `last` (None: unbounded), plus or minus the plays matching each of `pieces`."""

    first: int | None
    last: int | None
    pieces: list[tuple[int, dict]]

    @property
    def has_days(self) -> bool:
        first, last = self.first or 1, MAX_ORDINAL if self.last is None else self.last
        return 1 <= first <= last <= MAX_ORDINAL

    def day_lookups(self, prefix: str) -> dict:
        lookups = {}
        if self.first is not None:
            lookups[f"{prefix}day__gte"] = date.fromordinal(self.first)
        if self.last is not None:
            lookups[f"{prefix}day__lte"] = date.fromordinal(self.last)
        return lookups


def _plan(start: datetime | None, end: datetime | None, closed: bool) -> _WindowPlan | None:
    """Split a window into whole UTC days and, for a day it covers only in part, either the
    plays inside (when that part is at most half a day) or the day's rollup minus the plays
    outside: never more than half a day of plays is read. None for an empty window."""
    if start is not None and end is not None and (end < start or (end == start and not closed)):
        return None
    first = _utc_ordinal(start) if start is not None else None
    last = _utc_ordinal(end) if end is not None else None
    edges = []
    if start is not None and start != _day_start(date.fromordinal(first)):
        edges.append(first)
    if end is not None:
        if not closed and end == _day_start(date.fromordinal(last)):
            last -= 1  # the window ends at a midnight: that day is not in it
        elif last not in edges:
            edges.append(last)
    pieces: list[tuple[int, dict]] = []
    for ordinal in edges:
        day_start = _day_start(date.fromordinal(ordinal))
        day_end = _day_start(date.fromordinal(ordinal + 1)) if ordinal < MAX_ORDINAL else None
        low = max(start, day_start) if start is not None else day_start
        if end is not None and (day_end is None or end < day_end):
            high, high_closed = end, closed
        else:
            high, high_closed = day_end, False
        inside = ((high or datetime.max.replace(tzinfo=UTC)) - low) <= HALF_DAY
        if inside:
            pieces.append((1, _window_lookups(low, high, high_closed)))
            first = ordinal + 1 if ordinal == first else first
            last = ordinal - 1 if ordinal == last else last
            continue
        if low > day_start:
            pieces.append((-1, _window_lookups(day_start, low, closed=False)))
        if high is not None and high != day_end:
            after = {"created_at__gt" if high_closed else "created_at__gte": high}
            pieces.append((-1, after | _window_lookups(None, day_end, closed=False)))
    return _WindowPlan(first=first, last=last, pieces=pieces)


def _utc_ordinal(moment: datetime) -> int:
    return moment.astimezone(UTC).date().toordinal()


def _ranked_by_plays(
    tracks: QuerySet[Track],
    *,
    start: datetime | None,
    end: datetime | None,
    closed: bool,
    limit: int,
) -> list[TrackPlayCount]:
    """The tracks with the most plays in the window, ties by the all-time counter, then newest.

    Whole days come from the rollups and the partial days at the ends from at most half a day
    of plays each (`_plan`). The tracks played in those pieces are few: one query computes
    their exact figures (their days plus or minus the pieces' plays), and the ranking by days
    alone only has to reach `limit` beyond them, since it orders every other track exactly.
    One query without pieces, two with."""
    plan = _plan(_aware(start), _aware(end), closed)
    if plan is None:
        return []
    # Per track: (plays in the window, all-time plays, created_at), the ranking's keys.
    exact: dict = {}
    if plan.pieces:
        in_pieces = Play.objects.filter(
            functools.reduce(operator.or_, (Q(**lookups) for _, lookups in plan.pieces))
        )
        window_plays = Value(0)
        for sign, lookups in plan.pieces:
            # One subquery per piece, so that each one is a range of the (track, created_at) index.
            plays = Play.objects.filter(track=OuterRef("pk"), **lookups).order_by()
            count = Coalesce(Subquery(plays.values("track").annotate(n=Count("id")).values("n")), 0)
            window_plays = window_plays + count if sign > 0 else window_plays - count
        if plan.has_days:
            days = TrackDay.objects.filter(track=OuterRef("pk"), **plan.day_lookups("")).order_by()
            summed = days.values("track").annotate(n=Sum("plays")).values("n")
            window_plays = window_plays + Coalesce(Subquery(summed), 0)
        corrected = (
            tracks.filter(pk__in=in_pieces.values("track"))
            .annotate(window_plays=window_plays)
            .values_list("pk", "window_plays", "plays", "created_at")
        )
        exact = {pk: keys for pk, *keys in corrected}
    ranked: dict = {}
    if plan.has_days:
        # Grouped by the track's id alone (with its sort keys): never by the wide track rows.
        by_days = (
            TrackDay.objects.filter(track__in=tracks, **plan.day_lookups(""))
            .values("track", "track__plays", "track__created_at")
            .annotate(window_plays=Sum("plays"))
            .filter(window_plays__gt=0)
            .order_by("-window_plays", "-track__plays", "-track__created_at", "-track")
            .values_list("track", "window_plays", "track__plays", "track__created_at")
        )
        ranked = {pk: keys for pk, *keys in by_days[: limit + len(exact)]}
    candidates = ranked | exact
    best = sorted(
        (pk for pk, keys in candidates.items() if keys[0] > 0),
        key=lambda pk: (*candidates[pk], pk),
        reverse=True,
    )[:limit]
    found = tracks.in_bulk(best) if best else {}
    return [TrackPlayCount(track=found[pk], plays=candidates[pk][0]) for pk in best]


@cached_figures
def tracks_top(
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
    `include_drafts`). Two queries when both bounds are UTC midnights (or absent), three
    otherwise.

    The viewer is part of the cache key, so one viewer never receives a ranking computed for
    another who may see more."""
    _check_limit(limit)
    tracks = visible_tracks(viewer=viewer, include_drafts=include_drafts).filter(owner=owner)
    return _ranked_by_plays(tracks, start=since, end=until, closed=False, limit=limit)


@cached_figures
def tracks_trending(
    *, limit: int = 20, days: int = 7, now: datetime | None = None
) -> list[TrackPlayCount]:
    """Published tracks with the most plays in the last `days` days (up to `now`), ties by
    all-time plays. Three queries."""
    _check_limit(limit)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TRENDING_DAYS:
        raise ValidationFailed.field("days", f"Enter a whole number from 1 to {MAX_TRENDING_DAYS}.")
    now = now or timezone.now()
    tracks = Track.objects.filter(published=True)
    return _ranked_by_plays(
        tracks, start=now - timedelta(days=days), end=now, closed=True, limit=limit
    )

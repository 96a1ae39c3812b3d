"""The rollups behind the statistics (`TrackDay`, `TrackListener`, `TrackListenerCount`,
`ArtistListener`), kept in the transaction of every play and download and rebuilt from the rows
when they may disagree.

Each recorded event is one `INSERT … ON CONFLICT DO UPDATE` per rollup (SQLite ≥ 3.24 and
PostgreSQL): the database adds to the row under its unique constraint, so concurrent plays of
one track never lose an update, and the listener upsert returns the row's plays, which is 1 for
exactly the first play of that listener (who then counts once more in the track's listeners).
"""

import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Model, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate

from musewave.models import (
    COMPLETION_THRESHOLD,
    HEARD_FIELDS,
    HISTOGRAM_BUCKETS,
    ArtistListener,
    Download,
    Play,
    Track,
    TrackDay,
    TrackListener,
    TrackListenerCount,
    User,
)

DAY_COUNTERS = ("plays", "completed_plays", "listened_seconds", "downloads", *HEARD_FIELDS)
REBUILD_BATCH_TRACKS = 500


# --- What a play adds ----------------------------------------------------------------------------


def heard_bucket(*, duration: float, length: float) -> int:
    """The listen-through bucket of a play of `duration` seconds of a track of `length`: the
    share heard, capped to [0, 1], in tenths; every play of a track without a length counts as
    heard in full. The edges are the ones `_heard_filters` compares with in SQL."""
    if length <= 0:
        return HISTOGRAM_BUCKETS - 1
    edges = (length * i / HISTOGRAM_BUCKETS for i in range(1, HISTOGRAM_BUCKETS))
    return sum(duration >= edge for edge in edges)


def counts_as_completed(*, completed: bool, duration: float, length: float) -> bool:
    return completed or duration > length * COMPLETION_THRESHOLD


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


# --- Upserts -------------------------------------------------------------------------------------


@functools.cache
def _upsert_sql(
    model: type[Model],
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    conflict_where: str,
    add: tuple[str, ...],
    earliest: tuple[str, ...] = (),
    latest: tuple[str, ...] = (),
    returning: str = "",
) -> str:
    """INSERT of `columns`; on a conflict over `conflict` (a partial unique index when
    `conflict_where` is set), the stored row gains the new `add` values, keeps the earlier of
    the `earliest` and the later of the `latest`."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)

    def column(name: str) -> str:
        return quote(model._meta.get_field(name).column)

    def pick(name: str, comparison: str) -> str:
        # A NULL never wins over a value, and a value always wins over a NULL.
        new, old = f"excluded.{column(name)}", f"{table}.{column(name)}"
        wins = f"{old} IS NULL OR {new} {comparison} {old}"
        return f"{column(name)} = CASE WHEN {wins} THEN {new} ELSE {old} END"

    sets = [f"{column(n)} = {table}.{column(n)} + excluded.{column(n)}" for n in add]
    sets += [pick(name, "<") for name in earliest] + [pick(name, ">") for name in latest]
    target = ", ".join(column(n) for n in conflict)
    where = f" WHERE {conflict_where}" if conflict_where else ""
    sql = (
        f"INSERT INTO {table} ({', '.join(column(n) for n in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({target}){where} DO UPDATE SET {', '.join(sets)}"
    )
    return f"{sql} RETURNING {column(returning)}" if returning else sql


def _params(model: type[Model], values: dict[str, Any]) -> list[Any]:
    return [
        model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
    ]


def _day_values(track_id: UUID, day: date, **counts: float) -> dict[str, Any]:
    return {"track": track_id, "day": day, **dict.fromkeys(DAY_COUNTERS, 0), **counts}


def _add_to_days(
    rows: Sequence[dict[str, Any]], *, add: tuple[str, ...], model: type[Model] = TrackDay
) -> None:
    if not rows:
        return
    sql = _upsert_sql(model, tuple(rows[0]), ("track", "day"), "", add)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_params(model, row) for row in rows])


def _listener_conflict(
    user_id: UUID | None, *, model: type[Model] = TrackListener, key: str = "track"
) -> tuple[tuple[str, ...], str]:
    """The unique index a listener row of `key` (a track, an artist) conflicts on: the known
    listener's, or the one anonymous listener's."""
    user_column = connection.ops.quote_name(model._meta.get_field("user").column)
    if user_id is None:
        return (key,), f"{user_column} IS NULL"
    return (key, "user"), f"{user_column} IS NOT NULL"


def _add_artist_listener_play(play: Play, *, owner_id: UUID, published: bool) -> None:
    """The play as its listener's last of the artist's tracks (and of the published ones)."""
    values = {
        "owner": owner_id,
        "user": play.user_id,
        "last_played_at": play.created_at,
        "last_published_played_at": play.created_at if published else None,
    }
    conflict, where = _listener_conflict(play.user_id, model=ArtistListener, key="owner")
    sql = _upsert_sql(
        ArtistListener,
        tuple(values),
        conflict,
        where,
        add=(),
        latest=("last_played_at", "last_published_played_at"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(ArtistListener, values))


def _add_listener_play(play: Play) -> bool:
    """Count the play in its listener's row; True when it is the listener's first."""
    values = {
        "track": play.track_id,
        "user": play.user_id,
        "first_played_at": play.created_at,
        "last_played_at": play.created_at,
        "plays": 1,
        "listened_seconds": play.duration,
    }
    conflict, where = _listener_conflict(play.user_id)
    sql = _upsert_sql(
        TrackListener,
        tuple(values),
        conflict,
        where,
        ("plays", "listened_seconds"),
        earliest=("first_played_at",),
        latest=("last_played_at",),
        returning="plays",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(TrackListener, values))
        (plays,) = cursor.fetchone()
    return plays == 1


def _add_listeners(track_id: UUID, count: int) -> None:
    values = {"track": track_id, "listeners": count}
    sql = _upsert_sql(TrackListenerCount, tuple(values), ("track",), "", ("listeners",))
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(TrackListenerCount, values))


def rollups_play_recorded(*, play: Play, track: dict[str, Any]) -> None:
    """Count a newly saved play in the rollups, in the caller's transaction.

    `track` is the track's row (`audio_duration`, `owner_id`, `published`) as read after the
    caller's counter update locked it: a concurrent change of the duration (which recomputes
    the day rows under the same lock) has then either committed or not begun, so the play is
    bucketed as the rest."""
    length, owner_id, published = track["audio_duration"], track["owner_id"], track["published"]
    duration = float(play.duration)
    bucket = heard_bucket(duration=duration, length=length)
    completed = counts_as_completed(completed=play.completed, duration=duration, length=length)
    row = _day_values(
        play.track_id,
        _utc_day(play.created_at),
        plays=1,
        completed_plays=int(completed),
        listened_seconds=duration,
        **{HEARD_FIELDS[bucket]: 1},
    )
    _add_to_days([row], add=DAY_COUNTERS)
    if _add_listener_play(play):
        _add_listeners(play.track_id, 1)
    _add_artist_listener_play(play, owner_id=owner_id, published=published)


def rollups_download_recorded(*, download: Download) -> None:
    """Count a newly saved download in its track's day, in the caller's transaction."""
    row = _day_values(download.track_id, _utc_day(download.created_at), downloads=1)
    _add_to_days([row], add=("downloads",))


# --- Deleted users -------------------------------------------------------------------------------


def rollups_user_deleted(*, user_id: UUID) -> None:
    """Before a user is deleted, in the deleting transaction: their plays are about to become
    anonymous (Play.user is SET_NULL), so their listener rows join the anonymous listener's
    (tracks where there was one lose a listener; elsewhere the user's row becomes it).

    Locks the user's row, then the tracks' rows in id order, as a play does (its insert holds
    the user, its counter update the track), so no play of theirs slips in between."""
    list(User.objects.select_for_update().filter(pk=user_id).values("pk"))
    mine = TrackListener.objects.filter(user_id=user_id)
    track_ids = list(mine.order_by("track").values_list("track", flat=True))
    if not track_ids:
        return
    list(
        Track.objects.select_for_update(no_key=True)
        .filter(pk__in=track_ids)
        .order_by("pk")
        .values("pk")
    )
    anonymous = TrackListener.objects.filter(track__in=track_ids, user__isnull=True)
    merged = list(anonymous.values_list("track", flat=True))
    theirs = TrackListener.objects.filter(track=OuterRef("track"), user_id=user_id)

    def their(name: str) -> Subquery:
        return Subquery(theirs.values(name)[:1])

    anonymous.update(
        plays=F("plays") + their("plays"),
        listened_seconds=F("listened_seconds") + their("listened_seconds"),
        first_played_at=Least("first_played_at", their("first_played_at")),
        last_played_at=Greatest("last_played_at", their("last_played_at")),
    )
    mine.filter(track__in=merged).delete()
    mine.update(user=None)
    TrackListenerCount.objects.filter(track__in=merged, listeners__gt=0).update(
        listeners=F("listeners") - 1
    )
    _fold_artist_listener(user_id)


def _fold_artist_listener(user_id: UUID) -> None:
    """The user's rows as a listener of artists join each artist's anonymous listener (under
    the track locks `rollups_user_deleted` holds: every artist here is one of those tracks')."""
    mine = ArtistListener.objects.filter(user_id=user_id)
    anonymous = ArtistListener.objects.filter(owner__in=mine.values("owner"), user__isnull=True)
    merged = list(anonymous.values_list("owner", flat=True))
    theirs = ArtistListener.objects.filter(owner=OuterRef("owner"), user_id=user_id)

    def later(name: str):
        # SQLite's max() of a NULL is NULL, PostgreSQL's GREATEST skips it: neither, here.
        their = Subquery(theirs.values(name)[:1])
        return Greatest(Coalesce(name, their), Coalesce(their, name))

    anonymous.update(
        last_played_at=later("last_played_at"),
        last_published_played_at=later("last_published_played_at"),
    )
    mine.filter(owner__in=merged).delete()
    mine.update(user=None)


# --- Rebuilding from the rows --------------------------------------------------------------------


@dataclass(frozen=True)
class RollupModels:
    """The models a rebuild reads and writes: the current ones, or a migration's."""

    play: type[Model] = Play
    download: type[Model] = Download
    track: type[Model] = Track
    day: type[Model] = TrackDay
    listener: type[Model] = TrackListener
    listener_count: type[Model] = TrackListenerCount
    user: type[Model] = User
    # None: a migration from before the artists' rows, which has none to rebuild.
    artist_listener: type[Model] | None = ArtistListener

    @classmethod
    def of_migration(cls, apps, **models: type[Model] | None) -> "RollupModels":
        """The same models as a migration's `apps` has them; `models` names those it has not
        (yet) or differently."""
        historical = {
            field.name: apps.get_model("musewave", field.default.__name__)
            for field in dataclasses.fields(cls)
            if field.name not in models
        }
        return cls(**historical, **models)


def _heard_filters() -> list[Q]:
    """Per bucket, the plays in it, compared in SQL with the same edges as `heard_bucket`."""
    length = F("track__audio_duration")
    edges = [length * i / HISTOGRAM_BUCKETS for i in range(1, HISTOGRAM_BUCKETS)]
    measured = Q(track__audio_duration__gt=0)
    buckets = [measured & Q(duration__lt=edges[0])]
    buckets += [measured & Q(duration__gte=low, duration__lt=high) for low, high in pairwise(edges)]
    buckets.append(~measured | Q(duration__gte=edges[-1]))
    return buckets


def _insert_select(model: type[Model], columns: Sequence[str], rows) -> None:
    """INSERT INTO `model` (`columns`) the rows of the queryset `rows`, whose SELECT lists
    exactly those values in that order, without bringing them into Python."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    select, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select}", params)


def _rebuild_days(track_ids: list, models: RollupModels) -> None:
    models.day.objects.filter(track__in=track_ids).delete()
    completed = Q(completed=True) | Q(
        duration__gt=F("track__audio_duration") * COMPLETION_THRESHOLD
    )
    per_day = (
        models.play.objects.filter(track__in=track_ids)
        .annotate(utc_day=TruncDate("created_at", tzinfo=UTC))
        .values("track", "utc_day")
        .annotate(
            n_plays=Count("id"),
            n_completed=Count("id", filter=completed),
            n_listened=Sum("duration"),
            n_downloads=Value(0),
            **{
                f"n_{name}": Count("id", filter=bucket)
                for name, bucket in zip(HEARD_FIELDS, _heard_filters(), strict=True)
            },
        )
        .values_list(
            "track",
            "utc_day",
            "n_plays",
            "n_completed",
            "n_listened",
            "n_downloads",
            *(f"n_{name}" for name in HEARD_FIELDS),
        )
        .order_by()
    )
    _insert_select(models.day, ("track", "day", *DAY_COUNTERS), per_day)
    downloads = (
        models.download.objects.filter(track__in=track_ids)
        .annotate(utc_day=TruncDate("created_at", tzinfo=UTC))
        .values_list("track", "utc_day")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [_day_values(track, day, downloads=n) for track, day, n in downloads]
    _add_to_days(rows, add=("downloads",), model=models.day)


def _rebuild_listeners(track_ids: list, models: RollupModels) -> None:
    models.listener.objects.filter(track__in=track_ids).delete()
    models.listener_count.objects.filter(track__in=track_ids).delete()
    per_listener = (
        models.play.objects.filter(track__in=track_ids)
        .values("track", "user")
        .annotate(
            first=Min("created_at"),
            last=Max("created_at"),
            n=Count("id"),
            listened=Sum("duration"),
        )
        .values_list("track", "user", "first", "last", "n", "listened")
        .order_by()
    )
    _insert_select(
        models.listener,
        ("track", "user", "first_played_at", "last_played_at", "plays", "listened_seconds"),
        per_listener,
    )
    counts = (
        models.listener.objects.filter(track__in=track_ids)
        .values("track")
        .annotate(n=Count("id"))
        .values_list("track", "n")
        .order_by()
    )
    _insert_select(models.listener_count, ("track", "listeners"), counts)


def _rebuild_artists(owner_ids: list, models: RollupModels) -> None:
    models.artist_listener.objects.filter(owner__in=owner_ids).delete()
    per_listener = (
        models.listener.objects.filter(track__owner__in=owner_ids)
        .values("track__owner", "user")
        .annotate(
            last=Max("last_played_at"),
            last_published=Max("last_played_at", filter=Q(track__published=True)),
        )
        .values_list("track__owner", "user", "last", "last_published")
        .order_by()
    )
    _insert_select(
        models.artist_listener,
        ("owner", "user", "last_played_at", "last_published_played_at"),
        per_listener,
    )


def rollups_artists_lock(*, owner_ids: Iterable[UUID], models: RollupModels | None = None) -> None:
    """Lock the artists' rows, then their tracks' rows in id order (as plays lock tracks), in the
    caller's transaction: before a change that moves tracks in or out of an artist's published
    listeners (publishing, unpublishing or deleting a track), so that no play of theirs is
    recorded while their listener rows are rebuilt and every change takes its locks in one
    order."""
    models = models or RollupModels()
    owners = sorted(set(owner_ids))
    with transaction.atomic():
        user_rows = models.user.objects.select_for_update(no_key=True).filter(pk__in=owners)
        list(user_rows.order_by("pk").values("pk"))
        tracks = models.track.objects.select_for_update(no_key=True).filter(owner__in=owners)
        list(tracks.order_by("pk").values("pk"))


def rollups_artists_rebuild(
    *,
    owner_ids: Iterable[UUID],
    batch_size: int = REBUILD_BATCH_TRACKS,
    models: RollupModels | None = None,
) -> None:
    """Recompute the artists' listener rows from their tracks' listener rows, `batch_size`
    artists a transaction (within the caller's, when there is one), each batch under
    `rollups_artists_lock`."""
    models = models or RollupModels()
    owners = sorted(set(owner_ids))
    for start in range(0, len(owners), batch_size):
        batch = owners[start : start + batch_size]
        with transaction.atomic():
            rollups_artists_lock(owner_ids=batch, models=models)
            _rebuild_artists(batch, models)


def rollups_rebuild(
    *,
    track_ids: Iterable[UUID] | None = None,
    batch_size: int = REBUILD_BATCH_TRACKS,
    progress: Callable[[int], None] | None = None,
    models: RollupModels | None = None,
) -> int:
    """Recompute the rollups of `track_ids` (every track when None) from the plays and
    downloads, `batch_size` tracks a transaction; `progress` hears how many tracks each batch
    held. Returns the number of tracks rebuilt (those of `track_ids` that exist).

    Each batch first locks its tracks' rows (in id order, as plays do) so that a play recorded
    meanwhile is counted exactly once: before the lock, in the rows read, or after the batch
    commits, on top of the rebuilt figures. The listener rows of the tracks' artists are then
    recomputed from the tracks' ones, `batch_size` artists a transaction, the same way."""
    models = models or RollupModels()
    if track_ids is None:
        ids = list(models.track.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(track_ids))
    rebuilt = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            locked = models.track.objects.select_for_update(no_key=True).filter(
                pk__in=ids[start : start + batch_size]
            )
            batch = list(locked.order_by("pk").values_list("pk", flat=True))
            _rebuild_days(batch, models)
            _rebuild_listeners(batch, models)
        rebuilt += len(batch)
        if progress is not None:
            progress(len(ids[start : start + batch_size]))
    if models.artist_listener is not None:
        tracks = models.track.objects.all()
        if track_ids is not None:
            tracks = tracks.filter(pk__in=ids)
        owners = tracks.values_list("owner", flat=True)
        rollups_artists_rebuild(owner_ids=owners, batch_size=batch_size, models=models)
    return rebuilt


@transaction.atomic
def rollups_track_duration_changed(*, track_id: UUID) -> None:
    """After a track's duration changed, in that transaction: its completed plays and
    listen-through buckets, which compare each play with the duration, computed again."""
    list(Track.objects.select_for_update(no_key=True).filter(pk=track_id).values("pk"))
    _rebuild_days([track_id], RollupModels())

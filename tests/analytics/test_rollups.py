"""The rollups behind the statistics: the same figures as the aggregate queries over every play
(`oracle`), kept by each play and download, and rebuilt from the rows."""

import math
import random
import warnings
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from musewave import services
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
from musewave.selectors import stats
from musewave.services.rollups import heard_bucket, rollups_rebuild
from tests.core.test_concurrency import run_concurrently

from . import oracle
from .conftest import NOW

pytestmark = pytest.mark.django_db

MIDNIGHT = datetime.combine(NOW.date(), time.min, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
DAY = timedelta(days=1)


# --- Comparing with the oracle -------------------------------------------------------------------


def _ranking(entries: list[stats.TrackPlayCount]) -> list[tuple[object, int]]:
    return [(entry.track.pk, entry.plays) for entry in entries]


def _assert_same_track_stats(new: stats.TrackStats, old: stats.TrackStats) -> None:
    new_figures, old_figures = asdict(new), asdict(old)
    # The average sums the same durations in another order: equal up to rounding.
    assert math.isclose(
        new_figures.pop("avg_listen_duration"), old_figures.pop("avg_listen_duration"), rel_tol=1e-9
    )
    assert new_figures == old_figures


def _moment(rng: random.Random) -> datetime:
    """A moment within a week of NOW, often on or right beside a UTC midnight or a noon."""
    day = MIDNIGHT + rng.randint(-6, 2) * DAY
    offset = rng.choice(
        [
            timedelta(0),
            DAY - MICROSECOND,
            timedelta(hours=12),
            timedelta(hours=12) - MICROSECOND,
            timedelta(hours=12, microseconds=1),
            timedelta(seconds=rng.randrange(86400)),
            timedelta(seconds=rng.randrange(86400), microseconds=rng.randrange(10**6)),
        ]
    )
    return day + offset


def _day(rng: random.Random) -> date | None:
    return rng.choice([None, date.min, date.max, (MIDNIGHT + rng.randint(-7, 3) * DAY).date()])


def _window(rng: random.Random) -> tuple[datetime | None, datetime | None]:
    since = rng.choice([None, _moment(rng), MIDNIGHT + rng.randint(-7, 0) * DAY])
    until = rng.choice([None, _moment(rng), MIDNIGHT + rng.randint(-3, 3) * DAY])
    if since is not None and rng.random() < 0.2:
        until = since + rng.choice([timedelta(0), timedelta(hours=3), timedelta(hours=13), DAY])
    return since, until


def assert_same_figures(rng: random.Random, artists: list[User], viewers: list) -> None:
    """Every statistic on many random periods, from the rollups and from the plays."""
    nows = [NOW, MIDNIGHT, MIDNIGHT - MICROSECOND, NOW + 2 * DAY, *(_moment(rng) for _ in range(4))]
    for artist in artists:
        for viewer in viewers:
            for now in nows:
                new = stats.user_stats(user=artist, viewer=viewer, now=now)
                assert new == oracle.user_stats(user=artist, viewer=viewer, now=now)
    # Asked for now (no `now`: the artists' listener rows), as the month slides past the plays.
    latest = Play.objects.aggregate(latest=Max("created_at"))["latest"] or NOW
    for live in (latest, latest + 27 * DAY, latest + 29 * DAY, latest + 31 * DAY):
        with freeze_time(live):
            for artist in artists:
                for viewer in viewers:
                    new = stats.user_stats(user=artist, viewer=viewer)
                    assert new == oracle.user_stats(user=artist, viewer=viewer, now=live)
    for track in Track.objects.all():
        for _ in range(8):
            date_from, date_to = _day(rng), _day(rng)
            period = {"track": track, "date_from": date_from, "date_to": date_to}
            _assert_same_track_stats(
                stats.track_stats(**period, now=NOW), oracle.track_stats(**period, now=NOW)
            )
            new_histogram = stats.track_listen_histogram(**period)
            assert new_histogram == oracle.track_listen_histogram(**period)
    for artist in artists:
        for viewer in viewers:
            for _ in range(12):
                since, until = _window(rng)
                ranking = {
                    "owner": artist,
                    "viewer": viewer,
                    "since": since,
                    "until": until,
                    "limit": rng.randint(1, 6),
                    "include_drafts": rng.random() < 0.3,
                }
                assert _ranking(stats.tracks_top(**ranking)) == _ranking(
                    oracle.tracks_top(**ranking)
                )
    for _ in range(12):
        trending = {"now": _moment(rng), "days": rng.randint(1, 9), "limit": rng.randint(1, 8)}
        new_ranking = _ranking(stats.tracks_trending(**trending))
        assert new_ranking == _ranking(oracle.tracks_trending(**trending))


def _rollup_rows() -> tuple[list, list, list]:
    counters = (*HEARD_FIELDS, "plays", "completed_plays", "downloads", "listened_seconds")
    days = sorted(TrackDay.objects.values_list("track", "day", *counters))
    listeners = sorted(
        TrackListener.objects.values_list(
            "track", "user", "first_played_at", "last_played_at", "plays", "listened_seconds"
        ),
        key=lambda row: (row[0], str(row[1])),
    )
    counts = sorted(TrackListenerCount.objects.values_list("track", "listeners"))
    artists = sorted(
        ArtistListener.objects.values_list(
            "owner", "user", "last_played_at", "last_published_played_at"
        ),
        key=lambda row: (row[0], str(row[1])),
    )
    return days, listeners, counts, artists


def assert_rollups_equal(first: tuple, second: tuple) -> None:
    """The same rows; the sums of seconds up to rounding (added in another order)."""
    for rows, others in zip(first, second, strict=True):
        assert len(rows) == len(others)
        for row, other in zip(rows, others, strict=True):
            assert row[:-1] == other[:-1]
            if isinstance(row[-1], float):
                assert math.isclose(row[-1], other[-1], rel_tol=1e-9, abs_tol=1e-9)
            else:
                assert row[-1] == other[-1]


# --- The same figures on random data -------------------------------------------------------------


def _duration_for(rng: random.Random, length: float) -> float:
    """A duration a play of a track of `length` may have, often exactly on a bucket edge."""
    if length <= 0:
        return rng.choice([0.0, 3.0, rng.uniform(0, 500)])
    edges = [length * i / 10 for i in range(11)]
    return rng.choice(
        [
            0.0,
            rng.choice(edges),
            length * 0.8,
            min(length + 5, length * 0.8 + 1e-9),
            round(rng.uniform(0, length + 5), 2),
            rng.uniform(0, length),
        ]
    )


@pytest.fixture
def catalogue(make_user, make_track, alice, bob):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    staff.refresh_from_db()
    listeners = [make_user(username=f"listener{n}") for n in range(5)]
    tracks = [
        make_track(owner=alice, title="Long", audio_duration=200.0),
        make_track(owner=alice, title="Silent", audio_duration=0.0),
        make_track(owner=alice, title="Odd", audio_duration=37.3),
        make_track(owner=alice, title="Draft", audio_duration=123.45, published=False),
        make_track(owner=bob, title="Short", audio_duration=60.0),
        make_track(owner=bob, title="Medium", audio_duration=180.0),
    ]
    return {"staff": staff, "listeners": listeners, "tracks": tracks}


def _record_random_activity(rng: random.Random, catalogue: dict, plays: int) -> None:
    listeners = [*catalogue["listeners"], None, None]
    tracks = catalogue["tracks"]
    moments: list[datetime] = []
    with freeze_time(NOW) as clock:
        for _ in range(plays):
            # Some plays share a moment exactly, as ties do.
            at = rng.choice(moments) if moments and rng.random() < 0.1 else _moment(rng)
            moments.append(at)
            clock.move_to(at)
            track = rng.choice(tracks)
            services.play_record(
                actor=rng.choice(listeners),
                track=track,
                duration=_duration_for(rng, track.audio_duration),
                completed=rng.random() < 0.3,
            )
        for _ in range(plays // 5):
            clock.move_to(_moment(rng))
            services.download_record(actor=rng.choice(listeners), track=rng.choice(tracks))
    Track.objects.filter(pk=tracks[2].pk).update(plays=0)  # ties go to the all-time counter


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_activity_gives_the_figures_of_the_plays(catalogue, alice, bob, seed):
    rng = random.Random(seed)
    _record_random_activity(rng, catalogue, plays=160)
    viewers = [None, alice, catalogue["staff"]]
    assert_same_figures(rng, [alice, bob], viewers)

    # A new duration changes which plays count as completed and how far each one got.
    long, *_ = catalogue["tracks"]
    services.track_update(actor=alice, track=long, data={"audio_duration": 97.5})
    # A deleted listener's plays become anonymous; a deactivated one's still count.
    catalogue["listeners"][0].delete()
    services.user_set_active(user=catalogue["listeners"][1], active=False)
    assert_same_figures(rng, [alice, bob], viewers)

    # More plays on top, then a track goes with its plays.
    _record_random_activity(rng, catalogue | {"listeners": catalogue["listeners"][1:]}, plays=40)
    services.track_delete(actor=bob, track=catalogue["tracks"][4])
    assert_same_figures(rng, [alice, bob], viewers)

    # A draft is published and a published track becomes a draft: their listeners move.
    long, _, _, draft, *_ = catalogue["tracks"]
    services.track_update(actor=alice, track=draft, data={"published": True})
    services.track_update(actor=alice, track=long, data={"published": False})
    assert_same_figures(rng, [alice, bob], viewers)

    kept = _rollup_rows()
    TrackDay.objects.all().delete()
    TrackListener.objects.filter(user__isnull=True).update(plays=999)
    TrackListenerCount.objects.all().delete()
    ArtistListener.objects.filter(user__isnull=False).delete()
    ArtistListener.objects.update(last_published_played_at=None)
    assert rollups_rebuild(batch_size=2) == Track.objects.count()
    assert_rollups_equal(_rollup_rows(), kept)


def test_the_demo_catalogue_gives_the_figures_of_its_plays(db):
    call_command(
        "seed_demo",
        "--users",
        "12",
        "--tracks",
        "8",
        "--plays",
        "400",
        "--piece-seconds",
        "1",
        stdout=StringIO(),
    )
    assert TrackDay.objects.exists()
    assert_same_figures(random.Random(7), list(User.objects.filter(tracks__isnull=False)), [None])


# --- Each play and download ----------------------------------------------------------------------


def test_a_play_adds_to_its_day_listener_and_listener_count(track, bob, play_at):
    first = play_at(track, MIDNIGHT + timedelta(hours=1), user=bob, duration=170.0)
    play_at(track, MIDNIGHT - MICROSECOND, user=bob, duration=20.0, completed=True)
    play_at(track, MIDNIGHT + timedelta(hours=2), duration=0.0)

    days = {row.day: row for row in TrackDay.objects.filter(track=track)}
    today, yesterday = days[MIDNIGHT.date()], days[(MIDNIGHT - DAY).date()]
    assert (today.plays, today.completed_plays, today.listened_seconds) == (2, 1, 170.0)
    assert (today.heard_8, today.heard_0) == (1, 1)
    assert (yesterday.plays, yesterday.completed_plays, yesterday.heard_1) == (1, 1, 1)
    bobs = TrackListener.objects.get(track=track, user=bob)
    assert (bobs.plays, bobs.listened_seconds) == (2, 190.0)
    assert (bobs.first_played_at, bobs.last_played_at) == (MIDNIGHT - MICROSECOND, first.created_at)
    anonymous = TrackListener.objects.get(track=track, user__isnull=True)
    assert anonymous.plays == 1
    assert TrackListenerCount.objects.get(track=track).listeners == 2


def test_a_play_is_its_listeners_last_of_the_artist(track, make_track, alice, bob, play_at):
    draft = make_track(owner=alice, published=False)
    first = play_at(track, NOW - 3 * DAY, user=bob)
    play_at(track, NOW - 5 * DAY, user=bob)  # an earlier moment moves nothing
    later = play_at(draft, NOW - DAY, user=bob)
    play_at(draft, NOW, user=None)
    rows = {
        row.user_id: (row.last_played_at, row.last_published_played_at)
        for row in ArtistListener.objects.filter(owner=alice)
    }
    # A draft's play is the last of any track, not of the published ones.
    assert rows == {bob.pk: (later.created_at, first.created_at), None: (NOW, None)}
    with freeze_time(NOW + DAY):
        assert stats.user_stats(user=alice).monthly_listeners == 1
        assert stats.user_stats(user=alice, viewer=alice).monthly_listeners == 2


def test_a_replayed_play_adds_nothing(track, bob, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 30
    services.play_record(actor=bob, track=track, duration=10)
    _, counted = services.play_record(actor=bob, track=track, duration=10)
    assert counted is False
    assert TrackDay.objects.get(track=track).plays == 1
    assert TrackListener.objects.get(track=track).plays == 1


def test_a_refused_play_adds_nothing(track):
    with pytest.raises(Exception):  # noqa: B017 - the service's validation error
        services.play_record(actor=None, track=track, duration=-1)
    assert not TrackDay.objects.exists()
    assert not TrackListener.objects.exists()


def test_a_download_adds_to_its_day_only(track, bob):
    with freeze_time(NOW):
        services.download_record(actor=bob, track=track)
        services.download_record(actor=None, track=track)
    day = TrackDay.objects.get(track=track)
    assert (day.day, day.downloads, day.plays) == (NOW.date(), 2, 0)
    assert not TrackListener.objects.exists()
    # A day with downloads and no play is no day of plays.
    assert stats.track_stats(track=track, now=NOW).daily_plays == {}


@pytest.mark.parametrize(
    ("duration", "length", "bucket"),
    [(0.0, 200.0, 0), (19.99, 200.0, 0), (20.0, 200.0, 1), (180.0, 200.0, 9), (205.0, 200.0, 9),
     (3.0, 0.0, 9), (37.3 * 3 / 10, 37.3, 3)],
)  # fmt: skip
def test_heard_bucket(duration, length, bucket):
    assert heard_bucket(duration=duration, length=length) == bucket


def test_a_deleted_listener_joins_the_anonymous_one(make_track, alice, bob, make_user, play_at):
    carol = make_user(username="carol")
    shared, own = make_track(owner=alice), make_track(owner=alice)
    play_at(shared, NOW - 3 * DAY, user=carol, duration=10.0)
    play_at(shared, NOW - DAY)
    play_at(shared, NOW, user=bob)
    play_at(own, NOW - 2 * DAY, user=carol, duration=5.0)
    assert TrackListenerCount.objects.get(track=shared).listeners == 3

    carol.delete()

    merged = TrackListener.objects.get(track=shared, user__isnull=True)
    assert (merged.plays, merged.listened_seconds) == (2, 10.0)
    assert (merged.first_played_at, merged.last_played_at) == (NOW - 3 * DAY, NOW - DAY)
    assert TrackListener.objects.get(track=own, user__isnull=True).plays == 1
    assert not TrackListener.objects.filter(user__isnull=False).exclude(user=bob).exists()
    assert TrackListenerCount.objects.get(track=shared).listeners == 2  # bob and anonymous
    assert TrackListenerCount.objects.get(track=own).listeners == 1
    assert stats.track_stats(track=shared, now=NOW).total_unique_listeners == 2


def test_a_new_duration_recomputes_the_days(track, alice, play_at):
    play_at(track, NOW, duration=100.0)  # half of 200 s
    assert stats.track_stats(track=track, now=NOW).completion_rate == 0.0
    services.track_update(actor=alice, track=track, data={"audio_duration": 110.0})
    assert stats.track_stats(track=track, now=NOW).completion_rate == 100.0
    assert stats.track_listen_histogram(track=track) == [0] * 9 + [1]
    assert TrackDay.objects.get(track=track).heard_9 == 1


def test_a_naive_window_is_read_in_the_default_time_zone(track, alice, play_at, settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    play_at(track, datetime(2026, 3, 14, 10, 30, tzinfo=UTC))  # 23:30 in Auckland
    since = datetime(2026, 3, 14, 23, 0)  # naive
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the oracle's naive filter warns
        expected = _ranking(oracle.tracks_top(owner=alice, since=since))
    assert _ranking(stats.tracks_top(owner=alice, since=since)) == expected == [(track.pk, 1)]


# --- Cost: days, not plays -----------------------------------------------------------------------


def _plays_tables_read(queries) -> int:
    return sum(f'"{Play._meta.db_table}"' in query["sql"] for query in queries)


@pytest.mark.parametrize("plays_per_day", [1, 40])
def test_whole_days_are_read_from_the_rollups_alone(track, alice, make_user, plays_per_day):
    listeners = [make_user() for _ in range(3)]
    with freeze_time(NOW) as clock:
        for n in range(plays_per_day * 5):
            clock.move_to(NOW - (n % 5) * DAY - timedelta(minutes=n))
            services.play_record(actor=listeners[n % 3], track=track, duration=n % 200)
    with CaptureQueriesContext(connection) as queries:
        figures = stats.track_stats(track=track, now=NOW)
        stats.track_stats(track=track, date_from=(NOW - DAY).date(), now=NOW)
        histogram = stats.track_listen_histogram(track=track, date_to=NOW.date())
        top = stats.tracks_top(owner=alice, since=MIDNIGHT - 3 * DAY, until=MIDNIGHT)
    assert len(queries) == 2 + 2 + 1 + 2
    assert _plays_tables_read(queries.captured_queries) == 0
    assert (figures.total_plays, sum(histogram)) == (plays_per_day * 5,) * 2
    assert top[0].plays == plays_per_day * 3
    assert len(figures.daily_plays) == 5


@pytest.mark.parametrize("plays", [2, 60])
def test_partial_days_and_periods_cost_the_same_queries(track, alice, bob, play_at, plays):
    for n in range(plays):
        play_at(track, NOW - timedelta(hours=n), user=bob if n % 2 else None, duration=n)
    with CaptureQueriesContext(connection) as queries:
        stats.tracks_trending(now=NOW)
        stats.tracks_top(owner=alice, since=NOW - 3 * DAY, until=NOW)
        stats.track_stats(
            track=track, date_from=(NOW - 2 * DAY).date(), date_to=NOW.date(), now=NOW
        )
        stats.user_stats(user=alice, now=NOW)
    assert len(queries) == 3 + 3 + 2 + 4


@pytest.mark.parametrize("listeners", [2, 30])
def test_this_months_listeners_cost_the_same_queries(track, alice, make_user, listeners):
    fans = [make_user() for _ in range(listeners)]
    with freeze_time(NOW):
        for fan in fans:
            services.play_record(actor=fan, track=track, duration=10.0)
    with freeze_time(NOW + DAY), CaptureQueriesContext(connection) as queries:
        figures = stats.user_stats(user=alice)
    assert figures.monthly_listeners == listeners
    assert len(queries) == 4
    assert _plays_tables_read(queries.captured_queries) == 0
    assert not any("musewave_tracklistener" in query["sql"] for query in queries)


@pytest.mark.django_db(transaction=True)
def test_an_artists_totals_are_read_from_one_index(alice, bob, make_track):
    for published in (True, False, True):
        make_track(owner=alice, published=published)
    # Other artists' tracks, so that an artist's are a few of many, as in a real catalogue.
    copy = {"artist": "Bob", "artist_slug": "bob", "genre": "pop", "audio_file_size": 1}
    Track.objects.bulk_create(
        Track(owner=bob, title=f"t{n}", audio_url="https://cdn.example.com/t.mp3",
              audio_duration=1.0, audio_format="mp3", published=True, **copy)
        for n in range(500)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        figures = stats.user_stats(user=alice)
    assert figures.total_tracks == 2
    [totals] = [q["sql"] for q in queries.captured_queries if "total_plays" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {totals}")
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING COVERING INDEX track_owner_totals_idx" in plan, plan
        else:
            # As autovacuum leaves a table: the visibility map set, the statistics current.
            cursor.execute("VACUUM (ANALYZE) musewave_track")
            with transaction.atomic():
                # A small table is cheaper to read whole; the plan is what a large one gets.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute(f"EXPLAIN {totals}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Only Scan using track_owner_totals_idx" in plan, plan


# --- rebuild_rollups -----------------------------------------------------------------------------


def test_rebuild_rollups_command(track, make_track, alice, bob, play_at):
    other = make_track(owner=alice)
    play_at(track, NOW, user=bob, duration=50.0)
    play_at(other, NOW - DAY, duration=20.0)
    kept = _rollup_rows()
    Play.objects.filter(track=other).update(duration=25.0)  # behind the services' back
    TrackDay.objects.filter(track=track).delete()

    out, err = StringIO(), StringIO()
    call_command("rebuild_rollups", "--track", str(track.pk), stdout=out, stderr=err)
    assert "Rollups rebuilt for 1 tracks" in out.getvalue()
    assert_rollups_equal(_rollup_rows(), kept)  # `other` was left alone

    call_command("rebuild_rollups", "--batch-size", "1", stdout=out, stderr=err)
    assert "Rollups rebuilt for 2 tracks" in out.getvalue()
    assert "2/2" in err.getvalue()  # the progress bar
    assert TrackListener.objects.get(track=other).listened_seconds == 25.0


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--batch-size", "0"], "--batch-size"), (["--track", "nope"], "--track")],
)
def test_rebuild_rollups_refuses_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("rebuild_rollups", *args, stdout=StringIO(), stderr=StringIO())


def test_the_migration_fills_the_rollups_of_existing_plays(track, bob, play_at):
    import importlib

    from django.apps import apps

    play_at(track, NOW, user=bob, duration=50.0)
    kept = _rollup_rows()
    TrackDay.objects.all().delete()
    TrackListener.objects.all().delete()
    TrackListenerCount.objects.all().delete()
    importlib.import_module("musewave.migrations.0011_play_rollups").fill_rollups(apps, None)
    ArtistListener.objects.all().delete()  # 0011 comes before the artists' rows
    fill_artists = importlib.import_module("musewave.migrations.0015_artist_listeners")
    fill_artists.fill_artist_listeners(apps, None)
    assert_rollups_equal(_rollup_rows(), kept)


# --- Concurrency ---------------------------------------------------------------------------------

THREADS = 12
PLAYS_PER_THREAD = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_plays_lose_no_update(make_user, make_track, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    owner = make_user(username="owner")
    track = make_track(owner=owner, audio_duration=100.0)
    # Threads share listeners, so first plays of the same listener race each other too.
    listeners = [make_user(username=f"fan{i}") for i in range(3)] + [None]

    def work(index: int) -> None:
        for n in range(PLAYS_PER_THREAD):
            actor = listeners[(index + n) % len(listeners)]
            services.play_record(actor=actor, track=track, duration=float(index))
            if n == 0:
                services.download_record(actor=actor, track=track)

    run_concurrently(work, THREADS)

    total = THREADS * PLAYS_PER_THREAD
    day = TrackDay.objects.get(track=track)
    assert (day.plays, day.downloads) == (total, THREADS)
    assert sum(getattr(day, name) for name in HEARD_FIELDS) == total
    assert day.listened_seconds == PLAYS_PER_THREAD * sum(range(THREADS))
    per_listener = dict(TrackListener.objects.filter(track=track).values_list("user", "plays"))
    expected = dict(Play.objects.filter(track=track).values_list("user").annotate(n=Count("id")))
    assert per_listener == expected and sum(per_listener.values()) == total
    assert TrackListenerCount.objects.get(track=track).listeners == len(listeners)
    kept = _rollup_rows()
    rollups_rebuild()
    assert_rollups_equal(_rollup_rows(), kept)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_during_plays_counts_each_play_once(make_user, make_track, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    owner = make_user(username="owner")
    tracks = [make_track(owner=owner) for _ in range(3)]
    listeners = [make_user(username=f"fan{i}") for i in range(4)]

    def work(index: int) -> None:
        if index == 0:
            for _ in range(3):
                rollups_rebuild(batch_size=1)
            return
        for n in range(PLAYS_PER_THREAD):
            track = tracks[(index + n) % len(tracks)]
            services.play_record(actor=listeners[index % len(listeners)], track=track)

    run_concurrently(work, 7)

    kept = _rollup_rows()
    rollups_rebuild()
    assert_rollups_equal(_rollup_rows(), kept)
    assert sum(TrackDay.objects.values_list("plays", flat=True)) == 6 * PLAYS_PER_THREAD


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_publishing_during_plays_keeps_the_artists_listeners(make_user, make_track, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    owner = make_user(username="owner")
    tracks = [make_track(owner=owner, published=n % 2 == 0) for n in range(4)]
    listeners = [make_user(username=f"fan{i}") for i in range(4)] + [None]

    def work(index: int) -> None:
        if index < 2:
            # Two editors publish and unpublish tracks of the same artist at once.
            for n in range(4):
                track = Track.objects.get(pk=tracks[(index + 2 * n) % len(tracks)].pk)
                services.track_update(
                    actor=owner, track=track, data={"published": not track.published}
                )
            return
        for n in range(PLAYS_PER_THREAD):
            track = tracks[(index + n) % len(tracks)]
            services.play_record(actor=listeners[(index + n) % len(listeners)], track=track)

    run_concurrently(work, 8)

    kept = _rollup_rows()
    rollups_rebuild()
    assert_rollups_equal(_rollup_rows(), kept)
    assert ArtistListener.objects.filter(owner=owner).count() == len(listeners)

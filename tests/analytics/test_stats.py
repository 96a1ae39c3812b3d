"""Statistics computed in the database: exact figures on hand-built plays, on both databases."""

from datetime import UTC, date, datetime, timedelta

import pytest

from musewave import services
from musewave.errors import ValidationFailed
from musewave.models import Track, User
from musewave.selectors.stats import (
    TrackPlayCount,
    track_listen_histogram,
    track_stats,
    tracks_top,
    tracks_trending,
    user_stats,
)

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
MIDNIGHT = datetime(2026, 3, 15, 0, 0, tzinfo=UTC)  # the UTC midnight before NOW


# --- User stats ----------------------------------------------------------------------------------


def test_user_stats_exact_figures(make_user, make_track, alice, bob, play_at, now):
    carol, dave, erin = (make_user(username=n) for n in ("carol", "dave", "erin"))
    song = make_track(owner=alice, title="Song")
    draft = make_track(owner=alice, title="Draft", published=False)
    make_track(owner=bob, title="Not Alice's")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=carol, following=alice)
    services.follow_create(actor=alice, following=bob)
    services.like_create(actor=bob, track=song)
    services.like_create(actor=carol, track=draft)
    services.download_record(actor=None, track=song)

    play_at(song, now - timedelta(days=1), user=bob)
    play_at(song, now - timedelta(days=2), user=bob)  # the same listener again
    play_at(draft, now - timedelta(days=30), user=carol)  # exactly on the edge: inside
    play_at(song, now - timedelta(days=30) - SECOND, user=dave)  # just outside
    play_at(song, now - timedelta(days=3))  # anonymous ...
    play_at(draft, now - timedelta(days=4))  # ... anonymous listeners count once together
    play_at(song, now + timedelta(hours=1), user=erin)  # after `now`: not in that month

    stats = user_stats(user=alice, viewer=alice, now=now)

    assert stats.user_id == alice.pk
    assert stats.total_tracks == 2
    assert stats.total_plays == 7
    assert stats.total_likes == 2
    assert stats.total_downloads == 1
    assert stats.total_followers == 2
    assert stats.total_following == 1
    assert stats.monthly_listeners == 3  # bob, carol, anonymous
    assert stats.updated_at == now
    assert user_stats(user=alice, include_drafts=True, now=now) == stats

    # Anyone else: the published song only, as the track list and `trackCount` show.
    public = user_stats(user=alice, viewer=bob, now=now)
    assert public == user_stats(user=alice, now=now)
    figures = (public.total_tracks, public.total_plays, public.total_likes)
    assert figures == (1, 5, 1)
    assert (public.total_downloads, public.monthly_listeners) == (1, 2)  # bob, anonymous

    # A deactivated follower is not counted, nor is a deactivated account followed.
    User.objects.filter(pk__in=[carol.pk, bob.pk]).update(is_active=False)
    later = user_stats(user=alice, viewer=alice, now=now)
    assert (later.total_followers, later.total_following) == (0, 0)


def test_monthly_listeners_without_anonymous_plays(make_track, alice, bob, play_at, now):
    song = make_track(owner=alice)
    play_at(song, now - timedelta(days=29), user=bob)
    play_at(song, now - timedelta(days=31))
    assert user_stats(user=alice, now=now).monthly_listeners == 1


def test_user_stats_of_a_newcomer(alice, now):
    stats = user_stats(user=alice, now=now)
    assert (
        stats.total_tracks,
        stats.total_plays,
        stats.total_likes,
        stats.total_downloads,
        stats.total_followers,
        stats.total_following,
        stats.monthly_listeners,
    ) == (0, 0, 0, 0, 0, 0, 0)


# --- Track stats ---------------------------------------------------------------------------------


@pytest.fixture
def listened(make_user, make_track, alice, bob, play_at):
    """A 200 s track with five plays around the UTC midnight of 2026-03-15."""
    carol = make_user(username="carol")
    song = make_track(owner=alice, audio_duration=200.0)
    play_at(song, MIDNIGHT - SECOND, user=bob, duration=170.0)  # > 80 %: completed
    play_at(song, MIDNIGHT, duration=160.0)  # exactly 80 %: not completed; anonymous
    play_at(song, MIDNIGHT + SECOND, user=carol, duration=10.0, completed=True)  # sent completed
    play_at(song, MIDNIGHT + timedelta(hours=11), user=bob, duration=60.0)
    play_at(song, datetime(2026, 3, 13, 5, 0, tzinfo=UTC), duration=0.0)  # anonymous
    return song


def test_track_stats_exact_figures(listened, now):
    stats = track_stats(track=listened, now=now)
    assert stats.track_id == listened.pk
    assert stats.daily_plays == {"2026-03-13": 1, "2026-03-14": 1, "2026-03-15": 3}
    assert list(stats.daily_plays) == ["2026-03-13", "2026-03-14", "2026-03-15"]
    assert stats.total_plays == 5
    assert stats.total_unique_listeners == 3  # bob, carol, anonymous
    assert stats.avg_listen_duration == 80.0  # (170 + 160 + 10 + 60 + 0) / 5
    assert stats.completion_rate == 40.0  # the 170 s play and the one sent as completed
    assert stats.updated_at == now


def test_track_stats_over_a_date_range(listened, now):
    since_midnight = track_stats(track=listened, date_from=date(2026, 3, 15), now=now)
    assert since_midnight.daily_plays == {"2026-03-15": 3}
    assert since_midnight.total_plays == 3
    assert since_midnight.total_unique_listeners == 3
    assert since_midnight.avg_listen_duration == pytest.approx(230.0 / 3)
    assert since_midnight.completion_rate == pytest.approx(100.0 / 3)

    before = track_stats(track=listened, date_to=date(2026, 3, 14), now=now)
    assert before.daily_plays == {"2026-03-13": 1, "2026-03-14": 1}
    assert before.total_unique_listeners == 2  # bob and anonymous
    assert before.avg_listen_duration == 85.0
    assert before.completion_rate == 50.0

    one_day = track_stats(
        track=listened, date_from=date(2026, 3, 14), date_to=date(2026, 3, 14), now=now
    )
    assert one_day.daily_plays == {"2026-03-14": 1}
    assert one_day.total_plays == 1


def test_track_stats_days_are_utc_whatever_the_time_zone(listened, now, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # UTC+13 in March: would move every play a day
    stats = track_stats(track=listened, now=now)
    assert stats.daily_plays == {"2026-03-13": 1, "2026-03-14": 1, "2026-03-15": 3}


def test_track_stats_of_an_unplayed_track(track, now):
    stats = track_stats(track=track, now=now)
    assert stats.daily_plays == {}
    assert stats.total_plays == 0
    assert stats.total_unique_listeners == 0
    assert stats.avg_listen_duration == 0.0
    assert stats.completion_rate == 0.0


def test_only_anonymous_listeners_count_as_one(track, play_at, now):
    for hours in (1, 2, 3):
        play_at(track, now - timedelta(hours=hours), duration=200.0)
    stats = track_stats(track=track, now=now)
    assert stats.total_unique_listeners == 1
    assert stats.completion_rate == 100.0


# --- Listen-through histogram --------------------------------------------------------------------


def test_listen_histogram_buckets(track, play_at, now):
    for duration, completed in [
        (0.0, False),
        (19.99, False),
        (5.0, True),  # sent as completed, but only 2.5 % heard: first bucket
        (20.0, False),  # exactly 10 %: second bucket
        (100.0, False),
        (159.9, False),
        (180.0, False),  # exactly 90 %: last bucket
        (200.0, False),  # the whole track: last bucket
        (205.0, False),  # beyond the end, within the margin a play may have: capped to 1
    ]:
        play_at(track, now, duration=duration, completed=completed)
    assert track_listen_histogram(track=track) == [3, 1, 0, 0, 0, 1, 0, 1, 0, 3]


def test_listen_histogram_date_range(track, play_at):
    play_at(track, MIDNIGHT - SECOND, duration=10.0)
    play_at(track, MIDNIGHT, duration=110.0)
    assert (
        track_listen_histogram(track=track, date_from=date(2026, 3, 15)) == [0] * 5 + [1] + [0] * 4
    )
    assert track_listen_histogram(track=track, date_to=date(2026, 3, 14)) == [1] + [0] * 9


def test_listen_histogram_of_unplayed_and_zero_length_tracks(track, make_track, alice, play_at):
    assert track_listen_histogram(track=track) == [0] * 10
    silence = make_track(owner=alice, audio_duration=0.0)
    play_at(silence, MIDNIGHT, duration=0.0)
    play_at(silence, MIDNIGHT, duration=3.0)
    assert track_listen_histogram(track=silence) == [0] * 9 + [2]


# --- Top and trending tracks ---------------------------------------------------------------------


def _summary(ranking: list[TrackPlayCount]) -> list[tuple[str, int]]:
    return [(entry.track.title, entry.plays) for entry in ranking]


def test_top_tracks_over_a_period(make_track, alice, bob, play_at, now):
    a, b, c = (make_track(owner=alice, title=t) for t in "ABC")
    make_track(owner=alice, title="Unplayed")
    draft = make_track(owner=alice, title="Draft", published=False)
    bobs = make_track(owner=bob, title="Bob's")
    since, until = now - timedelta(days=7), now
    for track, count in ((a, 2), (b, 3), (c, 2), (draft, 5), (bobs, 9)):
        for _ in range(count):
            play_at(track, now - timedelta(days=1))
    play_at(a, since - SECOND)  # before the period
    play_at(a, until)  # the end is excluded
    play_at(c, since)  # the start is included
    Track.objects.filter(pk=c.pk).update(plays=100)  # a tie goes to the all-time counter

    assert _summary(tracks_top(owner=alice, since=since, until=until)) == [
        ("C", 3),
        ("B", 3),
        ("A", 2),
    ]
    assert _summary(tracks_top(owner=alice, since=since, until=until, limit=1)) == [("C", 3)]
    assert _summary(tracks_top(owner=alice, since=since, until=until, include_drafts=True))[0] == (
        "Draft",
        5,
    )
    # Without bounds, every play counts.
    assert _summary(tracks_top(owner=alice)) == [("A", 4), ("C", 3), ("B", 3)]
    assert tracks_top(owner=alice, since=now + SECOND) == []


def test_trending_tracks_last_seven_days(make_track, alice, bob, play_at, now):
    hot = make_track(owner=alice, title="Hot")
    warm = make_track(owner=bob, title="Warm")
    old = make_track(owner=bob, title="Old")
    draft = make_track(owner=alice, title="Draft", published=False)
    for _ in range(3):
        play_at(hot, now - timedelta(hours=1))
    play_at(warm, now - timedelta(days=7))  # exactly seven days ago: inside
    play_at(warm, now)
    for _ in range(10):
        play_at(old, now - timedelta(days=7) - SECOND)
        play_at(draft, now - timedelta(days=1))
    play_at(old, now + SECOND)  # after `now`

    assert _summary(tracks_trending(now=now)) == [("Hot", 3), ("Warm", 2)]
    assert _summary(tracks_trending(now=now, limit=1)) == [("Hot", 3)]
    assert _summary(tracks_trending(now=now, days=8))[0] == ("Old", 10)


def test_trending_ties_go_to_the_all_time_counter(make_track, alice, play_at, now):
    first, second = make_track(owner=alice, title="First"), make_track(owner=alice, title="Second")
    play_at(first, now - timedelta(days=1))
    play_at(second, now - timedelta(days=1))
    Track.objects.filter(pk=second.pk).update(plays=40)
    assert _summary(tracks_trending(now=now)) == [("Second", 1), ("First", 1)]


@pytest.mark.parametrize("limit", [0, -1, 101, "10", True])
def test_ranking_limit_is_checked(alice, limit):
    with pytest.raises(ValidationFailed) as exc:
        tracks_top(owner=alice, limit=limit)
    assert list(exc.value.errors) == ["limit"]
    with pytest.raises(ValidationFailed) as exc:
        tracks_trending(limit=limit)
    assert list(exc.value.errors) == ["limit"]


@pytest.mark.parametrize("days", [0, -7, 366, 1.5])
def test_trending_days_are_checked(days):
    with pytest.raises(ValidationFailed) as exc:
        tracks_trending(days=days)
    assert list(exc.value.errors) == ["days"]


# --- Query counts do not grow with plays ---------------------------------------------------------


def _add_plays(track, listeners, play_at, now, count):
    for n in range(count):
        play_at(track, now - timedelta(hours=n), user=listeners[n % len(listeners)], duration=n)


@pytest.mark.parametrize("plays", [3, 30])
def test_query_counts_are_constant(
    make_user, make_track, alice, play_at, now, django_assert_num_queries, plays
):
    listeners = [make_user() for _ in range(3)]
    tracks = [make_track(owner=alice) for _ in range(3)]
    for track in tracks:
        _add_plays(track, listeners, play_at, now, plays)

    with django_assert_num_queries(4):
        assert user_stats(user=alice, now=now).monthly_listeners == 3
    with django_assert_num_queries(2):
        assert track_stats(track=tracks[0], now=now).total_plays == plays
    with django_assert_num_queries(1):
        assert sum(track_listen_histogram(track=tracks[0])) == plays
    with django_assert_num_queries(2):  # the ranking by days, the tracks
        assert len(tracks_top(owner=alice)) == 3
    with django_assert_num_queries(3):  # and the plays of the partial days at the ends
        assert [e.plays for e in tracks_trending(now=now)] == [plays] * 3

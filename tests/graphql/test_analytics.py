"""Plays, downloads, statistics and rankings."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from musewave import services
from musewave.models import Download, Play, User
from musewave.selectors import stats

from .conftest import OPERATION_INFO, messages

PLAY = (
    "mutation($track: ID!, $duration: Float, $completed: Boolean) {"
    " recordPlay(trackId: $track, duration: $duration, completed: $completed)"
    " { ... on Play { duration completed user { username } track { title plays } } "
    + OPERATION_INFO
    + " } }"
)
DOWNLOAD = (
    "mutation($track: ID!) { recordDownload(trackId: $track)"
    " { ... on Download { user { username } track { downloads } } " + OPERATION_INFO + " } }"
)


def test_record_an_anonymous_play(gql, track):
    payload = gql.data(PLAY, {"track": str(track.pk), "duration": 30.5})["recordPlay"]
    assert payload == {
        "duration": 30.5,
        "completed": False,
        "user": None,
        "track": {"title": "Summer Vibes", "plays": 1},
    }
    play = Play.objects.get()
    assert play.user is None
    assert play.ip_address == "127.0.0.1"


def test_record_a_play_of_the_viewer(gql, track, bob):
    gql.login(bob)
    payload = gql.data(PLAY, {"track": str(track.pk), "completed": True})["recordPlay"]
    assert payload["user"] == {"username": "bob"}
    assert payload["completed"] is True


def test_record_a_play_with_invalid_duration_changes_nothing(gql, track):
    payload = gql.data(PLAY, {"track": str(track.pk), "duration": -1})["recordPlay"]
    assert [(m["kind"], m["field"]) for m in messages(payload)] == [("VALIDATION", "duration")]
    assert not Play.objects.exists()
    track.refresh_from_db()
    assert track.plays == 0


def test_record_a_play_of_a_hidden_draft(gql, alice, bob, make_track, track):
    draft = make_track(owner=alice, published=False)
    hidden = gql.data(PLAY, {"track": str(draft.pk)})["recordPlay"]
    assert [(m["kind"], m["field"]) for m in messages(hidden)] == [("ERROR", "trackId")]
    gql.login(bob)
    hidden = gql.data(PLAY, {"track": str(draft.pk)})["recordPlay"]
    assert [(m["kind"], m["field"]) for m in messages(hidden)] == [("ERROR", "trackId")]
    assert not Play.objects.exists()


def test_record_downloads(gql, track, bob):
    anonymous = gql.data(DOWNLOAD, {"track": str(track.pk)})["recordDownload"]
    assert anonymous == {"user": None, "track": {"downloads": 1}}
    gql.login(bob)
    named = gql.data(DOWNLOAD, {"track": str(track.pk)})["recordDownload"]
    assert named == {"user": {"username": "bob"}, "track": {"downloads": 2}}
    unknown = gql.data(DOWNLOAD, {"track": "0" * 32})["recordDownload"]
    assert [(m["kind"], m["field"], m["code"]) for m in messages(unknown)] == [
        ("ERROR", "trackId", "not_found")
    ]
    malformed = gql.data(DOWNLOAD, {"track": "nope"})["recordDownload"]
    assert [(m["kind"], m["field"], m["code"]) for m in messages(malformed)] == [
        ("VALIDATION", "trackId", "invalid")
    ]
    assert Download.objects.count() == 2


def test_plays_and_downloads_of_a_track_and_of_a_user(gql, track, alice, bob, make_track):
    draft = make_track(owner=alice, published=False, title="Draft")
    services.play_record(actor=bob, track=track, duration=10)
    services.play_record(actor=None, track=track, duration=20)
    services.play_record(actor=bob, track=draft, duration=30)
    services.download_record(actor=bob, track=track)
    services.download_record(actor=bob, track=draft)
    query = """query($t: ID!, $u: ID!) {
        trackPlays(trackId: $t) { duration user { username } }
        trackPlaysConnection(trackId: $t, first: 1) { totalCount edges { node { duration } } }
        userPlays(userId: $u) { duration track { title } }
        trackDownloads(trackId: $t) { user { username } }
        userDownloads(userId: $u) { track { title } } }"""
    variables = {"t": str(track.pk), "u": str(bob.pk)}
    # Who listened is only for the listener, the track's owner and staff (test_privacy.py).
    assert gql.data(query, variables) == {
        "trackPlays": [{"duration": 20.0, "user": None}, {"duration": 10.0, "user": None}],
        "trackPlaysConnection": {"totalCount": 2, "edges": [{"node": {"duration": 20.0}}]},
        "userPlays": [{"duration": 10.0, "track": {"title": "Summer Vibes"}}],
        "trackDownloads": [{"user": None}],
        "userDownloads": [{"track": {"title": "Summer Vibes"}}],
    }
    gql.login(alice)
    data = gql.data(query, variables)
    assert data["trackPlays"][1]["user"] == {"username": "bob"}
    assert data["trackDownloads"] == [{"user": {"username": "bob"}}]
    assert [p["track"]["title"] for p in data["userPlays"]] == ["Draft", "Summer Vibes"]
    assert [d["track"]["title"] for d in data["userDownloads"]] == ["Draft", "Summer Vibes"]


def test_plays_of_a_hidden_draft_are_not_found(gql, alice, make_track):
    draft = make_track(owner=alice, published=False)
    body = gql.execute("query($t: ID!) { trackPlays(trackId: $t) { id } }", {"t": str(draft.pk)})
    assert body["errors"][0]["extensions"] == {"code": "not_found"}


def test_user_stats_match_the_selector(gql, track, alice, bob):
    services.play_record(actor=bob, track=track, duration=100)
    services.like_create(actor=bob, track=track)
    services.follow_create(actor=bob, following=alice)
    query = """query($u: ID!) { userStats(userId: $u) { userId totalTracks totalPlays totalLikes
        totalDownloads totalFollowers totalFollowing monthlyListeners updatedAt } }"""
    data = gql.data(query, {"u": str(alice.pk)})["userStats"]
    expected = stats.user_stats(user=alice)
    assert data.pop("updatedAt")
    assert data == {
        "userId": str(alice.pk),
        "totalTracks": expected.total_tracks,
        "totalPlays": expected.total_plays,
        "totalLikes": expected.total_likes,
        "totalDownloads": expected.total_downloads,
        "totalFollowers": expected.total_followers,
        "totalFollowing": expected.total_following,
        "monthlyListeners": expected.monthly_listeners,
    }
    assert (data["totalPlays"], data["totalLikes"], data["totalFollowers"]) == (1, 1, 1)
    assert gql.data(query, {"u": "0" * 32}) == {"userStats": None}
    malformed = gql.execute(query, {"u": "nope"})
    assert malformed["data"] == {"userStats": None}
    assert malformed["errors"][0]["extensions"] == {
        "code": "invalid",
        "fields": {"userId": ["“nope” is not a valid UUID."]},
    }


TRACK_STATS = """query($t: ID!, $from: Date, $to: Date) {
    trackStats(trackId: $t, dateFrom: $from, dateTo: $to) {
        trackId dailyPlays { date plays } totalPlays totalUniqueListeners avgListenDuration
        completionRate listenHistogram } }"""


def test_track_stats(gql, track, bob, make_user):
    with freeze_time(datetime(2024, 5, 1, 12, tzinfo=UTC)):
        services.play_record(actor=bob, track=track, duration=190)
    with freeze_time(datetime(2024, 5, 3, 8, tzinfo=UTC)):
        services.play_record(actor=None, track=track, duration=50)
        services.play_record(actor=make_user(), track=track, duration=10)
    data = gql.data(TRACK_STATS, {"t": str(track.pk)})["trackStats"]
    assert data == {
        "trackId": str(track.pk),
        "dailyPlays": [{"date": "2024-05-01", "plays": 1}, {"date": "2024-05-03", "plays": 2}],
        "totalPlays": 3,
        "totalUniqueListeners": 3,
        "avgListenDuration": pytest.approx(250 / 3),
        "completionRate": pytest.approx(100 / 3),
        "listenHistogram": [1, 0, 1, 0, 0, 0, 0, 0, 0, 1],
    }
    period = gql.data(TRACK_STATS, {"t": str(track.pk), "from": "2024-05-02", "to": "2024-05-03"})
    assert period["trackStats"]["totalPlays"] == 2
    assert period["trackStats"]["listenHistogram"] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_track_stats_up_to_the_last_representable_day(gql, track):
    services.play_record(actor=None, track=track, duration=5)
    variables = {"t": str(track.pk), "from": "2000-01-01", "to": "9999-12-31"}
    assert gql.data(TRACK_STATS, variables)["trackStats"]["totalPlays"] == 1


def test_track_stats_of_hidden_or_unknown_tracks_are_null(gql, alice, make_track):
    draft = make_track(owner=alice, published=False)
    assert gql.data(TRACK_STATS, {"t": str(draft.pk)}) == {"trackStats": None}
    assert gql.data(TRACK_STATS, {"t": "0" * 32}) == {"trackStats": None}
    malformed = gql.execute(TRACK_STATS, {"t": "nope"})
    assert malformed["data"] == {"trackStats": None}
    assert malformed["errors"][0]["extensions"]["code"] == "invalid"
    gql.login(alice)
    assert gql.data(TRACK_STATS, {"t": str(draft.pk)})["trackStats"]["totalPlays"] == 0


def test_histogram_is_computed_only_when_selected(gql, track):
    with CaptureQueriesContext(connection) as without:
        gql.data("query($t: ID!) { trackStats(trackId: $t) { totalPlays } }", {"t": str(track.pk)})
    with CaptureQueriesContext(connection) as with_histogram:
        gql.data(
            "query($t: ID!) { trackStats(trackId: $t) { totalPlays listenHistogram } }",
            {"t": str(track.pk)},
        )
    assert len(with_histogram.captured_queries) == len(without.captured_queries) + 1


class TestRankings:
    @pytest.fixture
    def ranked(self, alice, bob, make_track):
        hit = make_track(owner=alice, title="Hit")
        minor = make_track(owner=alice, title="Minor")
        draft = make_track(owner=alice, title="Draft", published=False)
        old = make_track(owner=bob, title="Old")
        for track, count in [(hit, 3), (minor, 1), (draft, 5), (old, 2)]:
            with freeze_time(datetime.now(UTC) - timedelta(days=30 if track is old else 0)):
                for _ in range(count):
                    services.play_record(actor=None, track=track)

    TOP = """query($u: ID!, $limit: Int) { topTracks(userId: $u, limit: $limit) {
        plays track { title owner { username } } } }"""
    TRENDING = """query($limit: Int, $days: Int) { trendingTracks(limit: $limit, days: $days) {
        plays track { title owner { username } album { title } } } }"""

    def test_top_tracks(self, gql, ranked, alice):
        top = gql.data(self.TOP, {"u": str(alice.pk)})["topTracks"]
        assert [(t["track"]["title"], t["plays"]) for t in top] == [("Hit", 3), ("Minor", 1)]
        gql.login(alice)
        own = gql.data(self.TOP, {"u": str(alice.pk), "limit": 2})["topTracks"]
        assert [(t["track"]["title"], t["plays"]) for t in own] == [("Draft", 5), ("Hit", 3)]

    @pytest.mark.parametrize(
        ("who", "expected"),
        [
            (None, [("Hit", 3), ("Minor", 1)]),
            ("bob", [("Hit", 3), ("Minor", 1)]),
            ("alice", [("Draft", 5), ("Hit", 3), ("Minor", 1)]),
            ("staff", [("Draft", 5), ("Hit", 3), ("Minor", 1)]),
        ],
    )
    def test_top_tracks_show_drafts_to_their_owner_and_staff(
        self, gql, ranked, alice, bob, make_user, settings, who, expected
    ):
        # Cached as in production: each viewer still gets the ranking they may see.
        settings.MUSEWAVE_STATS_CACHE_SECONDS = 60
        staff = make_user(username="staff")
        User.objects.filter(pk=staff.pk).update(is_staff=True)
        viewers = {None: None, "alice": alice, "bob": bob, "staff": staff}

        def ranking(viewer: str | None) -> list[tuple[str, int]]:
            gql.logout()
            if viewer is not None:
                gql.login(viewers[viewer])
            top = gql.data(self.TOP, {"u": str(alice.pk)})["topTracks"]
            return [(t["track"]["title"], t["plays"]) for t in top]

        for earlier in ("staff", "alice", None, "bob"):
            ranking(earlier)
        assert ranking(who) == expected

    def test_top_tracks_of_an_unknown_user_or_with_a_bad_limit(self, gql, ranked, alice):
        unknown = gql.execute(self.TOP, {"u": "0" * 32})
        assert unknown["errors"][0]["extensions"] == {"code": "not_found"}
        malformed = gql.execute(self.TOP, {"u": "nope"})
        assert malformed["errors"][0]["extensions"]["code"] == "invalid"
        bad = gql.execute(self.TOP, {"u": str(alice.pk), "limit": 0})
        assert bad["errors"][0]["extensions"]["code"] == "invalid"
        assert bad["errors"][0]["extensions"]["fields"] == {
            "limit": ["Enter a whole number from 1 to 100."]
        }

    def test_trending_tracks(self, gql, ranked):
        trending = gql.data(self.TRENDING)["trendingTracks"]
        assert [(t["track"]["title"], t["plays"]) for t in trending] == [("Hit", 3), ("Minor", 1)]
        month = gql.data(self.TRENDING, {"days": 31})["trendingTracks"]
        assert [t["track"]["title"] for t in month] == ["Hit", "Old", "Minor"]

    def test_trending_tracks_cost_the_same_for_any_length(self, gql, ranked, alice, make_track):
        with CaptureQueriesContext(connection) as one:
            gql.data(self.TRENDING, {"limit": 1})
        for n in range(10):
            services.play_record(actor=None, track=make_track(owner=alice, title=f"n{n}"))
        with CaptureQueriesContext(connection) as many:
            assert len(gql.data(self.TRENDING, {"limit": 12})["trendingTracks"]) == 12
        assert len(many.captured_queries) == len(one.captured_queries)

    def test_trending_with_bad_days(self, gql, db):
        body = gql.execute(self.TRENDING, {"days": 0})
        assert body["errors"][0]["extensions"]["fields"] == {
            "days": ["Enter a whole number from 1 to 365."]
        }


def test_a_replay_within_the_window_answers_the_counted_play(gql, track):
    first = gql.data(PLAY, {"track": str(track.pk)})["recordPlay"]
    assert first["track"]["plays"] == 1
    replay = gql.data(PLAY, {"track": str(track.pk)})["recordPlay"]
    assert replay == first
    assert Play.objects.count() == 1
    track.refresh_from_db()
    assert track.plays == 1

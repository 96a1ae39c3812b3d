"""Who sees drafts in an artist's top tracks: the rule of `tracks_visible`, cache included."""

import pytest

from musewave import services
from musewave.models import User
from musewave.selectors.stats import tracks_top


@pytest.fixture
def ranked(alice, bob, make_user, make_track):
    staff = make_user(username="staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    staff.refresh_from_db()
    for title, plays, published in [("Hit", 3, True), ("Draft", 5, False), ("Minor", 1, True)]:
        track = make_track(owner=alice, title=title, published=published)
        for _ in range(plays):
            services.play_record(actor=None, track=track)
    other = make_track(owner=bob, title="Bob's draft", published=False)
    services.play_record(actor=None, track=other)
    return {None: None, "alice": alice, "bob": bob, "staff": staff}


def _titles(ranking) -> list[tuple[str, int]]:
    return [(entry.track.title, entry.plays) for entry in ranking]


WITH_DRAFT = [("Draft", 5), ("Hit", 3), ("Minor", 1)]
PUBLISHED = [("Hit", 3), ("Minor", 1)]


@pytest.mark.parametrize("cache_seconds", [0, 60])
@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, PUBLISHED), ("bob", PUBLISHED), ("alice", WITH_DRAFT), ("staff", WITH_DRAFT)],
)
def test_drafts_rank_only_for_their_owner_and_staff(
    ranked, alice, settings, cache_seconds, who, expected
):
    settings.MUSEWAVE_STATS_CACHE_SECONDS = cache_seconds
    # Every other viewer asks first, so a ranking cached for one is never served to another.
    for earlier in (None, "alice", "bob", "staff"):
        tracks_top(owner=alice, viewer=ranked[earlier])
    assert _titles(tracks_top(owner=alice, viewer=ranked[who])) == expected


def test_include_drafts_shows_them_to_anyone(ranked, alice, bob):
    assert _titles(tracks_top(owner=alice, include_drafts=True)) == WITH_DRAFT
    assert _titles(tracks_top(owner=alice, viewer=bob, include_drafts=True)) == WITH_DRAFT


def test_staff_see_only_the_owners_tracks(ranked, bob):
    assert _titles(tracks_top(owner=bob, viewer=ranked["staff"])) == [("Bob's draft", 1)]
    assert _titles(tracks_top(owner=bob, viewer=ranked["alice"])) == []


def test_ranking_is_two_queries_for_any_viewer(ranked, alice, django_assert_num_queries):
    for viewer in ranked.values():
        with django_assert_num_queries(2):  # the ranking by days, the tracks
            tracks_top(owner=alice, viewer=viewer)

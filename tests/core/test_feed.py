"""Reposts and the home feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from musewave import services
from musewave.errors import NotFound, ValidationFailed
from musewave.models import Repost, Track
from musewave.selectors.feed import FEED_AT, FEED_REPOSTER, tracks_feed, tracks_feed_after

pytestmark = pytest.mark.django_db


def test_a_repost_moves_shares_exactly_once(alice, bob, track):
    repost, created = services.repost_create(actor=bob, track=track)
    again, created_again = services.repost_create(actor=bob, track=track)
    assert (created, created_again) == (True, False)
    assert again.pk == repost.pk
    track.refresh_from_db()
    assert track.shares == 1 == Repost.objects.count()

    services.repost_delete(actor=bob, track=track)
    track.refresh_from_db()
    assert track.shares == 0
    with pytest.raises(NotFound):
        services.repost_delete(actor=bob, track=track)
    track.refresh_from_db()
    assert track.shares == 0


def test_a_draft_cannot_be_reposted(alice, make_track):
    draft = make_track(owner=alice, published=False)
    with pytest.raises(ValidationFailed):
        services.repost_create(actor=alice, track=draft)
    draft.refresh_from_db()
    assert draft.shares == 0 and not Repost.objects.exists()


def _at(track: Track, minutes: int) -> None:
    Track.objects.filter(pk=track.pk).update(
        published_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_feed_holds_followed_artists_tracks_and_followed_users_reposts(
    alice, bob, make_user, make_track
):
    carol, dave = make_user(username="carol"), make_user(username="dave")
    services.follow_create(actor=bob, following=alice)
    services.follow_create(actor=bob, following=carol)
    old = make_track(owner=alice, title="old")
    new = make_track(owner=alice, title="new")
    make_track(owner=alice, title="draft", published=False)
    daves = make_track(owner=dave, title="dave's")
    make_track(owner=dave, title="unseen")
    _at(old, 60), _at(new, 30), _at(daves, 90)
    services.repost_create(actor=carol, track=daves)  # now: the newest entry
    services.repost_create(actor=dave, track=old)  # dave is not followed: no effect

    feed = list(tracks_feed(viewer=bob))
    assert [t.title for t in feed] == ["dave's", "new", "old"]
    assert [getattr(t, FEED_REPOSTER) for t in feed] == [carol.pk, None, None]
    assert feed[0].__dict__[FEED_AT] > feed[1].__dict__[FEED_AT] > feed[2].__dict__[FEED_AT]
    assert list(tracks_feed(viewer=alice)) == []


def test_a_cursor_stays_put_when_new_tracks_arrive(alice, bob, make_track):
    services.follow_create(actor=bob, following=alice)
    tracks = [make_track(owner=alice, title=f"t{i}") for i in range(5)]
    for i, track in enumerate(tracks):
        _at(track, 10 - i)
    first_page = list(tracks_feed(viewer=bob)[:2])
    assert [t.title for t in first_page] == ["t4", "t3"]
    make_track(owner=alice, title="fresh")
    last = first_page[-1]
    rest = tracks_feed_after(tracks_feed(viewer=bob), at=getattr(last, FEED_AT), track_id=last.pk)
    assert [t.title for t in rest] == ["t2", "t1", "t0"]

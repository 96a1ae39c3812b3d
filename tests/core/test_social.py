import pytest

from musewave import services
from musewave.errors import NotFound, PermissionDenied, ValidationFailed
from musewave.models import Comment, Download, Follow, Like, Play, Track
from musewave.selectors.social import follow_exists, like_exists
from musewave.selectors.users import users_with_tracks


def counters(track: Track) -> tuple[int, int, int]:
    track.refresh_from_db()
    return track.plays, track.likes, track.downloads


def test_like_is_idempotent_and_counted_once(track, bob):
    like, created = services.like_create(actor=bob, track=track)
    again, created_again = services.like_create(actor=bob, track=track)
    assert (created, created_again) == (True, False)
    assert again.pk == like.pk
    assert counters(track) == (0, 1, 0)
    assert like_exists(track=track, user=bob)


def test_unlike_decrements_and_a_missing_like_is_not_found(track, bob):
    services.like_create(actor=bob, track=track)
    services.like_delete(actor=bob, track=track)
    assert counters(track) == (0, 0, 0)
    with pytest.raises(NotFound, match="Like not found"):
        services.like_delete(actor=bob, track=track)
    assert counters(track) == (0, 0, 0)
    assert not Like.objects.exists()


def test_counter_never_goes_below_zero(track, bob):
    # A like row without its counter (e.g. imported data) must not drive the counter negative.
    Like.objects.create(user=bob, track=track)
    services.like_delete(actor=bob, track=track)
    assert counters(track) == (0, 0, 0)


def test_follow_is_idempotent_and_self_follow_refused(alice, bob):
    follow, created = services.follow_create(actor=bob, following=alice)
    again, created_again = services.follow_create(actor=bob, following=alice)
    assert (created, created_again, again.pk) == (True, False, follow.pk)
    assert follow_exists(follower=bob, following=alice)
    assert not follow_exists(follower=alice, following=bob)
    with pytest.raises(ValidationFailed, match="You cannot follow yourself"):
        services.follow_create(actor=alice, following=alice)
    assert Follow.objects.count() == 1


def test_self_follow_is_also_a_database_constraint(alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=alice, following=alice)


def test_unfollow(alice, bob):
    services.follow_create(actor=bob, following=alice)
    services.follow_delete(actor=bob, following=alice)
    assert not Follow.objects.exists()
    with pytest.raises(NotFound, match="Follow not found"):
        services.follow_delete(actor=bob, following=alice)


def test_play_and_download_keep_client_details_and_count(track, bob):
    play, _ = services.play_record(
        actor=bob, track=track, duration=180.5, completed=True,
        ip_address="203.0.113.7", user_agent="MuseWave/3.2",
    )  # fmt: skip
    anonymous, _ = services.play_record(actor=None, track=track)
    download = services.download_record(
        actor=None, track=track, ip_address="2001:db8::1", user_agent="curl/8"
    )
    play.refresh_from_db()
    assert (play.user, play.duration, play.completed) == (bob, 180.5, True)
    assert (play.ip_address, play.user_agent) == ("203.0.113.7", "MuseWave/3.2")
    assert (anonymous.user, anonymous.duration, anonymous.completed) == (None, 0.0, False)
    assert (download.ip_address, download.user_agent) == ("2001:db8::1", "curl/8")
    assert counters(track) == (2, 0, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"duration": -1}, "duration"),
        ({"duration": float("nan")}, "duration"),
        ({"duration": "long"}, "duration"),
        ({"ip_address": "not-an-ip"}, "ip_address"),
    ],
)
def test_invalid_play_is_refused_and_not_counted(track, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        services.play_record(actor=None, track=track, **kwargs)
    assert list(exc.value.errors) == [field]
    assert counters(track) == (0, 0, 0)
    assert not Play.objects.exists()
    assert not Download.objects.exists()


def test_comments(track, alice, bob, make_user):
    comment = services.comment_create(actor=bob, track=track, body="  Great drop  ", position=42.0)
    assert (comment.body, comment.position) == ("Great drop", 42.0)
    with pytest.raises(ValidationFailed) as exc:
        services.comment_create(actor=bob, track=track, body="x" * 2001)
    assert exc.value.errors == {
        "body": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }
    with pytest.raises(ValidationFailed) as exc:
        services.comment_create(
            actor=bob, track=track, body="late", position=track.audio_duration + 1
        )
    assert list(exc.value.errors) == ["position"]
    with pytest.raises(ValidationFailed):
        services.comment_create(actor=bob, track=track, body="   ")
    carol = make_user(username="carol")
    with pytest.raises(PermissionDenied):
        services.comment_delete(actor=carol, comment=comment)
    assert Comment.objects.count() == 1
    services.comment_delete(actor=alice, comment=comment)  # the track's owner moderates
    assert not Comment.objects.exists()


def test_artists_are_users_with_a_published_track(make_track, alice, bob, make_user):
    make_track(owner=alice, published=True)
    make_track(owner=bob, published=False)
    make_user(username="listener")
    assert list(users_with_tracks()) == [alice]


def test_a_listener_replaying_a_track_within_the_window_gets_the_counted_play(track, bob, settings):
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 30
    first, created = services.play_record(actor=bob, track=track, duration=5)
    assert created is True
    again, created = services.play_record(actor=bob, track=track, duration=50, completed=True)
    assert (again.pk, created, again.duration, again.completed) == (first.pk, False, 5, False)
    anonymous, _ = services.play_record(actor=None, track=track, ip_address="198.51.100.9")
    replay, created = services.play_record(actor=None, track=track, ip_address="198.51.100.9")
    assert (replay.pk, created) == (anonymous.pk, False)
    assert counters(track) == (2, 0, 0)
    assert Play.objects.count() == 2


def test_a_replay_while_the_first_play_is_not_yet_visible_is_refused(track, bob, settings):
    """The window is claimed before the play is stored: a concurrent replay that finds no
    play to return is refused rather than counted twice."""
    from django.core.cache import cache

    from musewave.errors import Throttled

    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 30
    cache.add(f"throttle:play:{track.pk}:user:{bob.pk}", "not-yet-stored", timeout=30)
    with pytest.raises(Throttled):
        services.play_record(actor=bob, track=track)
    assert counters(track) == (0, 0, 0)
    assert not Play.objects.exists()

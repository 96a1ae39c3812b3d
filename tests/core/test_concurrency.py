"""Counters and uniqueness under concurrent requests. SQLite serialises writers, so these run on
PostgreSQL, where row locks and constraints decide the races."""

import threading

import pytest
from django.db import close_old_connections, connection

from musewave import services
from musewave.models import Follow, Like, Notification, Play, Repost, Track

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


def run_concurrently(work, count=THREADS):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []


def test_twenty_threads_liking_the_same_track_count_once_each(make_user, make_track):
    owner = make_user(username="owner")
    track = make_track(owner=owner)
    fans = [make_user(username=f"fan{i}") for i in range(THREADS)]
    run_concurrently(lambda i: services.like_create(actor=fans[i], track=track))
    track.refresh_from_db()
    assert track.likes == THREADS == Like.objects.filter(track=track).count()


def test_the_same_user_liking_twenty_times_at_once_counts_once(make_user, make_track):
    owner, fan = make_user(username="owner"), make_user(username="fan")
    track = make_track(owner=owner)
    run_concurrently(lambda i: services.like_create(actor=fan, track=track))
    track.refresh_from_db()
    assert track.likes == 1 == Like.objects.filter(track=track).count()


def test_twenty_threads_recording_plays_lose_no_update(make_user, make_track):
    owner = make_user(username="owner")
    track = make_track(owner=owner)
    run_concurrently(lambda i: services.play_record(actor=None, track=track, duration=i))
    track.refresh_from_db()
    assert track.plays == THREADS == Play.objects.filter(track=track).count()


def test_the_same_listener_replaying_twenty_times_at_once_counts_once(
    make_user, make_track, settings
):
    from musewave.errors import Throttled

    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 30
    owner, fan = make_user(username="owner"), make_user(username="fan")
    track = make_track(owner=owner)
    answers = []

    def replay(_):
        try:
            answers.append(services.play_record(actor=fan, track=track)[0].pk)
        except Throttled:  # the first play was not committed yet: refused, not counted
            answers.append(None)

    run_concurrently(replay)
    track.refresh_from_db()
    [play] = Play.objects.filter(track=track)
    assert track.plays == 1
    assert set(answers) <= {play.pk, None} and play.pk in answers


def test_concurrent_unlikes_never_go_below_zero(make_user, make_track):
    owner, fan = make_user(username="owner"), make_user(username="fan")
    track = make_track(owner=owner)
    services.like_create(actor=fan, track=track)

    def unlike(_):
        try:
            services.like_delete(actor=fan, track=track)
        except Exception as exc:
            if type(exc).__name__ != "NotFound":
                raise

    run_concurrently(unlike)
    assert Track.objects.get(pk=track.pk).likes == 0


def test_concurrent_follows_make_one_row(make_user):
    star, fan = make_user(username="star"), make_user(username="fan")
    run_concurrently(lambda i: services.follow_create(actor=fan, following=star))
    assert Follow.objects.filter(follower=fan, following=star).count() == 1


def test_likes_racing_a_deactivation_keep_the_counters_exact(make_user, make_track):
    owner, fan = make_user(username="owner"), make_user(username="fan")
    tracks = [make_track(owner=owner, title=f"t{i}") for i in range(THREADS // 2)]

    def work(index):
        if index % 2:
            services.user_set_active(user=fan, active=False)
            services.user_set_active(user=fan, active=True)
            return
        track = tracks[index // 2]
        for _ in range(3):
            try:
                services.like_create(actor=fan, track=track)
                services.like_delete(actor=fan, track=track)
                services.like_create(actor=fan, track=track)
            except Exception as exc:  # refused while the fan is deactivated
                if type(exc).__name__ != "NotFound":
                    raise

    run_concurrently(work)
    services.user_set_active(user=fan, active=True)
    for track in tracks:
        rows = Like.objects.filter(track=track).count()
        assert Track.objects.get(pk=track.pk).likes == rows


def test_the_same_user_reposting_twenty_times_at_once_counts_once(make_user, make_track):
    owner, fan = make_user(username="owner"), make_user(username="fan")
    track = make_track(owner=owner)
    run_concurrently(lambda i: services.repost_create(actor=fan, track=track))
    track.refresh_from_db()
    assert track.shares == 1 == Repost.objects.filter(track=track).count()


def test_twenty_users_reposting_at_once_count_twenty(make_user, make_track):
    owner = make_user(username="owner")
    track = make_track(owner=owner)
    fans = [make_user(username=f"fan{i}") for i in range(THREADS)]
    run_concurrently(lambda i: services.repost_create(actor=fans[i], track=track))
    track.refresh_from_db()
    assert track.shares == THREADS == Repost.objects.filter(track=track).count()
    assert Notification.objects.count() == 0

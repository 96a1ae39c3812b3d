"""Likes and follows toggled on and off concurrently, through the services and both APIs: every
answer is one the contract lists (never a 500 or an exception) and the counters match the rows.
SQLite serialises writers, so these run on PostgreSQL."""

import contextlib
import json
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from musewave import services
from musewave.errors import NotFound
from musewave.models import Follow, Like, Track

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
ROUNDS = 15


@pytest.fixture(autouse=True)
def _no_write_limits(settings):
    # Hundreds of writes from one address in seconds: the abuse limits are not under test.
    settings.MUSEWAVE_THROTTLE_RATES = {}
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0


def toggle_concurrently(step) -> list:
    """Run `step(thread, round)` ROUNDS times in each of THREADS threads started together;
    returns what the steps returned, and fails on any exception."""
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker(index):
        try:
            barrier.wait()
            for n in range(ROUNDS):
                results.append(step(index, n))
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []
    return results


def _likes(track: Track) -> tuple[int, int]:
    return Track.objects.get(pk=track.pk).likes, Like.objects.filter(track=track).count()


def test_services_toggling_a_like_and_a_follow(make_user, make_track):
    owner, fans = make_user(), [make_user(), make_user()]
    track = make_track(owner=owner)

    def step(index, n):
        fan = fans[index % 2]
        if (index + n) % 2 == 0:
            services.like_create(actor=fan, track=track)
            services.follow_create(actor=fan, following=owner)
            return "created"
        with contextlib.suppress(NotFound):
            services.like_delete(actor=fan, track=track)
        with contextlib.suppress(NotFound):
            services.follow_delete(actor=fan, following=owner)
        return "deleted"

    toggle_concurrently(step)
    likes, rows = _likes(track)
    assert likes == rows <= 2
    assert Follow.objects.filter(following=owner).count() <= 2


def test_rest_toggling_likes_and_follows_answers_only_contract_statuses(make_user, make_track):
    owner, fan = make_user(), make_user()
    track = make_track(owner=owner)
    body = json.dumps({"userId": str(fan.pk), "followerId": str(fan.pk)})
    calls = [
        ("post", f"/musewave/tracks/{track.pk}/like/", {200, 201}),
        ("delete", f"/musewave/tracks/{track.pk}/like/delete/", {200, 404}),
        ("post", f"/musewave/users/{owner.pk}/follow/", {200, 201}),
        ("delete", f"/musewave/users/{owner.pk}/follow/delete/", {200, 404}),
    ]
    clients = [Client() for _ in range(THREADS)]

    def step(index, n):
        method, path, allowed = calls[(index + n) % len(calls)]
        response = clients[index].generic(
            method.upper(), path, data=body, content_type="application/json"
        )
        return response.status_code in allowed, response.status_code, path

    results = toggle_concurrently(step)
    assert [r for r in results if not r[0]] == []
    likes, rows = _likes(track)
    assert likes == rows in (0, 1)
    assert Follow.objects.filter(follower=fan, following=owner).count() in (0, 1)


MUTATIONS = {
    0: 'likeTrack(trackId: "{track}") { __typename }',
    1: 'unlikeTrack(trackId: "{track}") { __typename }',
    2: 'followUser(userId: "{owner}") { __typename }',
    3: 'unfollowUser(userId: "{owner}") { __typename }',
}


def test_graphql_toggling_likes_and_follows_never_errs(make_user, make_track):
    owner, fan = make_user(), make_user()
    track = make_track(owner=owner)
    token = f"Bearer {RefreshToken.for_user(fan).access_token}"
    clients = [Client() for _ in range(THREADS)]

    def step(index, n):
        field = MUTATIONS[(index + n) % 4]
        field = field.replace("{track}", str(track.pk)).replace("{owner}", str(owner.pk))
        response = clients[index].post(
            "/graphql",
            data=json.dumps({"query": f"mutation {{ {field} }}"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=token,
        )
        body = response.json()
        # A like or follow always succeeds; undoing one that is not there is OperationInfo.
        (payload,) = body["data"].values()
        return response.status_code, "errors" in body, payload["__typename"]

    results = toggle_concurrently(step)
    assert {(status, errs) for status, errs, _ in results} == {(200, False)}
    assert {name for *_, name in results} <= {"Like", "Track", "Follow", "User", "OperationInfo"}
    likes, rows = _likes(track)
    assert likes == rows in (0, 1)
    assert Follow.objects.filter(follower=fan, following=owner).count() in (0, 1)

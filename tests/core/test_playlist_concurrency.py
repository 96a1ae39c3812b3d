"""Concurrent edits of one playlist take turns on its row lock (PostgreSQL, threads): nothing is
lost and the positions stay 0…n-1."""

import threading

import pytest

from musewave import services
from musewave.errors import Conflict
from musewave.models import Playlist, PlaylistItem
from tests.core.test_concurrency import THREADS, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def positions_and_tracks(playlist) -> list:
    return list(
        PlaylistItem.objects.filter(playlist=playlist)
        .order_by("position")
        .values_list("position", "track_id")
    )


@pytest.fixture
def setup(make_user, make_track):
    owner = make_user(username="owner")
    tracks = [make_track(owner=owner, audio_duration=float(i + 1)) for i in range(THREADS)]
    playlist = services.playlist_create(actor=owner, title="Shared")
    return owner, tracks, playlist


@pytest.mark.parametrize("position", [None, 0])
def test_twenty_clients_adding_at_once_end_with_twenty_dense_positions(setup, position):
    owner, tracks, playlist = setup
    run_concurrently(
        lambda i: services.playlist_items_add(
            actor=owner, playlist=playlist, track_ids=[tracks[i].pk], position=position
        )
    )
    rows = positions_and_tracks(playlist)
    assert [p for p, _ in rows] == list(range(THREADS))
    assert {t for _, t in rows} == {t.pk for t in tracks}
    playlist.refresh_from_db()
    assert playlist.track_count == THREADS
    assert playlist.duration == sum(range(1, THREADS + 1))
    assert playlist.version == 1 + THREADS


def test_concurrent_adds_moves_and_removes_keep_positions_dense(setup):
    owner, tracks, playlist = setup
    services.playlist_items_add(actor=owner, playlist=playlist, track_ids=[t.pk for t in tracks])
    ids = list(PlaylistItem.objects.filter(playlist=playlist).values_list("pk", flat=True))

    def work(i):
        if i % 3 == 0:
            services.playlist_items_add(
                actor=owner, playlist=playlist, track_ids=[tracks[i].pk], position=i
            )
        elif i % 3 == 1:
            services.playlist_item_move(actor=owner, playlist=playlist, item_id=ids[i], position=0)
        else:
            services.playlist_item_remove(actor=owner, playlist=playlist, item_id=ids[i])

    run_concurrently(work)
    added = len(range(0, THREADS, 3))
    removed = len(range(2, THREADS, 3))
    rows = positions_and_tracks(playlist)
    assert [p for p, _ in rows] == list(range(THREADS + added - removed))
    playlist.refresh_from_db()
    assert playlist.track_count == len(rows)
    assert playlist.version == 2 + THREADS


def test_of_twenty_edits_expecting_the_same_version_one_wins(setup):
    owner, tracks, playlist = setup
    conflicts = []
    lock = threading.Lock()

    def work(i):
        try:
            services.playlist_items_add(
                actor=owner, playlist=playlist, track_ids=[tracks[i].pk], expected_version=1
            )
        except Conflict:
            with lock:
                conflicts.append(i)

    run_concurrently(work)
    assert len(conflicts) == THREADS - 1
    assert Playlist.objects.get(pk=playlist.pk).version == 2
    assert [p for p, _ in positions_and_tracks(playlist)] == [0]

"""List endpoints read a fixed number of queries, however many rows they return."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musewave import services


def _populate(owner, fans, make_user, make_track, n: int):
    """n more of everything the lists below show: users, artists, followers, tracks, likes,
    plays, downloads and albums."""
    for _ in range(n):
        newcomer = make_user()
        services.follow_create(actor=newcomer, following=owner)
        make_track(owner=newcomer, title="Summer cover")
        track = make_track(owner=owner, title="Summer song")
        for fan in fans:
            services.like_create(actor=fan, track=track)
            services.play_record(actor=fan, track=track)
            services.download_record(actor=fan, track=track)
        services.album_create(
            actor=owner,
            title="A",
            artist="A",
            genre="g",
            release_date="2026-01-01T00:00:00Z",
            track_ids=[track.pk],
        )


LISTS = [
    "/musewave/users/",
    "/musewave/artists/",
    "/musewave/tracks/?tags=&genre=electronic",
    "/musewave/users/{owner}/albums",
    "/musewave/users/{fan}/likes/",
    "/musewave/users/{fan}/plays/",
    "/musewave/users/{owner}/followers/",
    "/musewave/search/?q=summer",
]


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow(api, make_user, make_track, path):
    owner, fan = make_user(), make_user()
    fans = [fan, *[make_user() for _ in range(3)]]
    url = path.format(owner=owner.pk, fan=fan.pk)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200
        body = response.json()
        return len(queries), len(body) if isinstance(body, list) else len(body["tracks"])

    _populate(owner, fans, make_user, make_track, 1)
    few_queries, few_rows = count()
    _populate(owner, fans, make_user, make_track, 3)
    many_queries, many_rows = count()
    assert many_rows > few_rows
    assert many_queries == few_queries


@pytest.mark.parametrize("suffix", ["", "plays/", "downloads/", "stats/"])
def test_track_reads_query_counts(
    api, track, bob, make_user, suffix, django_assert_max_num_queries
):
    for listener in (bob, make_user(), None):
        services.play_record(actor=listener, track=track)
        services.download_record(actor=listener, track=track)
    with django_assert_max_num_queries(4):
        assert api.get(f"/musewave/tracks/{track.pk}/{suffix}").status_code == 200


def test_album_detail_query_count(api, alice, make_track, django_assert_num_queries):
    tracks = [make_track(owner=alice) for _ in range(4)]
    album = services.album_create(
        actor=alice,
        title="A",
        artist="A",
        genre="g",
        release_date="2026-01-01T00:00:00Z",
        track_ids=[t.pk for t in tracks],
    )
    # The album, its track count, its tracks.
    with django_assert_num_queries(3):
        response = api.get(f"/musewave/albums/{album.pk}")
    assert len(response.json()["tracks"]) == 4

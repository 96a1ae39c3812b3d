"""The Express lists read a fixed number of queries, however many rows they return."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.rest.test_queries import _populate

LISTS = [
    "/api/users",
    "/api/artists",
    "/api/tracks?genre=electronic&sortBy=title&sortOrder=asc",
    "/api/users/{owner}/albums",
    "/api/users/{fan}/likes",
    "/api/users/{fan}/plays",
    "/api/users/{owner}/followers",
    "/api/search?q=summer",
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


def test_album_detail_query_count(api, alice, make_track, django_assert_num_queries):
    from musewave import services

    tracks = [make_track(owner=alice) for _ in range(4)]
    album = services.album_create(
        actor=alice,
        title="A",
        artist="A",
        genre="g",
        release_date="2026-01-01T00:00:00Z",
        track_ids=[t.pk for t in tracks],
    )
    with django_assert_num_queries(2):  # the album, its tracks (no count in this dialect)
        response = api.get(f"/api/albums/{album.pk}")
    assert len(response.json()["tracks"]) == 4

"""Searching public playlists by title, on both databases."""

import pytest
from django.db import connection

from musewave import services
from musewave.errors import ValidationFailed
from musewave.models import User
from musewave.search import search_playlists
from musewave.selectors.playlists import playlists_public

pytestmark = pytest.mark.django_db


def titles(query: str, **kwargs) -> list[str]:
    return [p.title for p in search_playlists(query=query, **kwargs)]


@pytest.fixture
def shelf(alice, bob, make_track):
    made = {}
    for owner, title, visibility in [
        (alice, "Late Summer", "public"),
        (bob, "summer hits", "public"),
        (alice, "Summer drafts", "private"),
        (alice, "Summer link", "unlisted"),
        (bob, "Winter", "public"),
    ]:
        made[title] = services.playlist_create(actor=owner, title=title, visibility=visibility)
    track = make_track(owner=bob)
    services.playlist_items_add(actor=bob, playlist=made["summer hits"], track_ids=[track.pk])
    return made


def test_titles_containing_the_query_ignoring_case_prefix_matches_first(shelf):
    assert titles("SUMMER") == ["summer hits", "Late Summer"]
    assert titles("mmer h") == ["summer hits"]
    assert titles("summer", limit=1) == ["summer hits"]
    assert titles("autumn") == []


def test_like_wildcards_in_the_query_are_text(shelf):
    services.playlist_create(actor=shelf["Winter"].owner, title="100% pure_fun")
    assert titles("%") == ["100% pure_fun"]
    assert titles("_") == ["100% pure_fun"]


def test_deactivated_owners_playlists_are_not_found(shelf, alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert titles("summer") == ["summer hits"]


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_query_is_refused(query):
    with pytest.raises(ValidationFailed):
        search_playlists(query=query)


def test_a_bad_limit_is_refused():
    with pytest.raises(ValidationFailed):
        search_playlists(query="x", limit=101)
    assert search_playlists(query="x", limit=0) == []


@pytest.mark.postgres
def test_postgresql_answers_title_searches_from_the_trigram_index(shelf):
    query = playlists_public(title="summer")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # With a handful of rows any index is as good; leave the planner only the trigram one
        # (the test's transaction rolls the drop back).
        cursor.execute("DROP INDEX playlist_visible_created_idx")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "musewave_playlist_title_trgm_idx" in plan, plan

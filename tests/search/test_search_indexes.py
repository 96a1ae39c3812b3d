"""Search is served from its indexes: substring recall against a naive oracle, the indexes and
triggers after every migration, query plans without a pass over the tracks, and the bounded,
most-played-first pool of candidates."""

import random
import re

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from musewave.models import Track
from musewave.search import MAX_LIMIT, search
from musewave.search.terms import MIN_SUBSTRING_LENGTH, clean_query

pytestmark = pytest.mark.django_db

ALPHABET = "abcdeéñ ABCÉÑ-x'"


def _text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


def _tracks(rng: random.Random, owner, count: int) -> list[Track]:
    tracks = [
        Track(
            owner=owner,
            title=_text(rng, 1, 14),
            artist=_text(rng, 1, 10),
            artist_slug="a",
            genre=_text(rng, 1, 8),
            mood=rng.choice([None, _text(rng, 1, 8)]),
            tags=[_text(rng, 1, 8).lower() for _ in range(rng.randint(0, 3))],
            description=_text(rng, 0, 20),
            audio_url="https://cdn.example.com/a.mp3",
            audio_file_size=1,
            audio_duration=1.0,
            audio_format="mp3",
            plays=rng.randint(0, 300),
            published=rng.random() < 0.8,
        )
        for _ in range(count)
    ]
    return Track.objects.bulk_create(tracks)


def _fields(track: Track) -> list[str]:
    return [track.title, track.artist, track.genre, track.mood or "", *track.tags]


def _oracle(tracks: list[Track], query: str) -> set:
    """What the old case-insensitive substring match found among published tracks."""
    needle = query.lower()
    return {t.pk for t in tracks if t.published and any(needle in f.lower() for f in _fields(t))}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_substring_recall_matches_a_naive_oracle(alice, seed):
    rng = random.Random(seed)
    tracks = _tracks(rng, alice, 60)
    queries = [_text(rng, 3, 6) for _ in range(15)]
    published = [t for t in tracks if t.published]
    for _ in range(25):  # pieces of published fields, which certainly match something
        field = rng.choice(_fields(rng.choice(published)))
        start = rng.randrange(len(field) or 1)
        queries.append(field[start : start + rng.randint(3, 7)])
    checked = 0
    for raw in queries:
        query = clean_query(raw)
        if len(query) < MIN_SUBSTRING_LENGTH:
            continue
        expected = _oracle(tracks, query)
        found = {t.pk for t in search(query=query, type="tracks", limit=MAX_LIMIT).tracks}
        assert expected <= found, query
        checked += bool(expected)
    assert checked >= 5  # the oracle found something for many pieces


def test_queries_shorter_than_three_characters_match_word_prefixes_only(track):
    assert [t.title for t in search(query="su", type="tracks").tracks] == ["Summer Vibes"]
    assert search(query="mm", type="tracks").tracks == []
    assert [t.title for t in search(query="mme", type="tracks").tracks] == ["Summer Vibes"]


def test_the_pool_holds_the_most_played_matches(make_track, alice):
    best = make_track(owner=alice, title="Loop Loop Loop")
    plays = {"Loop a": 10, "Loop b": 100, "Loop c": 1000}
    for title, count in plays.items():
        made = make_track(owner=alice, title=title)
        Track.objects.filter(pk=made.pk).update(plays=count)
    # Unbounded, the best match by relevance comes first whatever its plays.
    assert [t.pk for t in search(query="loop", type="tracks", limit=1).tracks] == [best.pk]
    # With room for two candidates only, they are the two most played: the best of them wins
    # (equal relevance, so the more played).
    with override_settings(MUSEWAVE_SEARCH_CANDIDATES=1):
        found = search(query="loop", type="tracks", limit=1).tracks
    assert [t.title for t in found] == ["Loop c"]


def _popularity(track: Track) -> tuple:
    """(popularity, where the index row lives): the FTS5 rowid on SQLite, the tuple's ctid
    (changed by any rewrite of the row) on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT d.popularity, s.rowid FROM musewave_track_search_doc AS d"
                " JOIN musewave_track_search AS s ON s.rowid = (d.popularity << 40) + d.id"
                " JOIN musewave_track_substring AS x ON x.rowid = s.rowid"
                " WHERE d.track_id = %s",
                [track.pk.hex],
            )
        else:
            cursor.execute(
                "SELECT popularity, ctid::text FROM musewave_track_search WHERE track_id = %s",
                [track.pk],
            )
        return cursor.fetchone()


def test_plays_move_a_track_in_the_index_only_when_its_popularity_changes(track):
    assert _popularity(track)[0] == 0
    Track.objects.filter(pk=track.pk).update(plays=2)
    two = _popularity(track)
    Track.objects.filter(pk=track.pk).update(plays=3)  # same bit length: nothing rewritten
    assert _popularity(track) == two
    assert two[0] == 2
    Track.objects.filter(pk=track.pk).update(plays=4)
    four = _popularity(track)
    assert four[0] == 3
    assert four[1] != two[1]
    Track.objects.filter(pk=track.pk).update(plays=2**31 - 1)
    assert _popularity(track)[0] == 31
    assert [t.pk for t in search(query="summ", type="tracks").tracks] == [track.pk]
    assert [t.pk for t in search(query="ummer", type="tracks").tracks] == [track.pk]


# --- After all migrations ------------------------------------------------------------------------

SQLITE_TRIGGERS = {
    "musewave_track_search_insert": "musewave_track",
    "musewave_track_search_update": "musewave_track",
    "musewave_track_search_delete": "musewave_track",
    "musewave_user_search_insert": "musewave_user",
    "musewave_user_search_update": "musewave_user",
    "musewave_user_search_delete": "musewave_user",
}


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_indexes_and_triggers_exist_after_all_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
        objects = {(kind, name): (table, sql) for kind, name, table, sql in cursor.fetchall()}
    triggers = {name: table for (kind, name), (table, _) in objects.items() if kind == "trigger"}
    assert triggers == SQLITE_TRIGGERS
    # The current triggers (not those of an older migration) fill the trigram tables.
    for name in SQLITE_TRIGGERS:
        if not name.endswith("_delete"):
            body = objects["trigger", name][1]
            assert ("substring" in body) and ("_doc" in body), name
    assert "plays" in objects["trigger", "musewave_track_search_update"][1]
    tables = {name: sql for (kind, name), (_, sql) in objects.items() if kind == "table"}
    for words in ("musewave_track_search", "musewave_user_search"):
        assert "fts5" in tables[words] and "unicode61" in tables[words]
    for substrings in ("musewave_track_substring", "musewave_user_substring"):
        assert "fts5" in tables[substrings] and "trigram" in tables[substrings]
    assert "popularity" in tables["musewave_track_search_doc"]


@pytest.mark.postgres
def test_postgresql_indexes_and_triggers_exist_after_all_migrations():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
            " WHERE NOT tgisinternal AND tgname LIKE 'musewave_%%search%%'"
        )
        triggers = set(cursor.fetchall())
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename IN ('musewave_track_search', 'musewave_user_search')"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'musewave_track_search_index'")
        (index_function,) = cursor.fetchone()
    assert triggers == {
        ("musewave_track", "musewave_track_search_sync"),
        ("musewave_track", "musewave_track_search_update"),
        ("musewave_track", "musewave_track_search_truncate"),
        ("musewave_user", "musewave_user_search_sync"),
        ("musewave_user", "musewave_user_search_update"),
        ("musewave_user", "musewave_user_search_truncate"),
    }
    assert {"pg_trgm", "unaccent"} <= extensions
    for table in ("track", "user"):
        assert "USING gin (document)" in indexes[f"musewave_{table}_search_document_idx"]
        assert "gin_trgm_ops" in indexes[f"musewave_{table}_search_haystack_idx"]
        assert "gist_trgm_ops" in indexes[f"musewave_{table}_search_similar_idx"]
    assert "(popularity DESC, track_id DESC)" in indexes["musewave_track_search_pop_idx"]
    assert "musewave_search_prefixes" in index_function
    assert "popularity" in index_function


# --- Query plans ---------------------------------------------------------------------------------


def _plans(query: str) -> list[str]:
    """The plan of every query a track search runs, one text per query."""
    with CaptureQueriesContext(connection) as captured:
        search(query=query, type="tracks")
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Small test tables are cheaper to read whole; the plan is what a large one gets.
            cursor.execute("SET LOCAL enable_seqscan = off")
        for item in captured.captured_queries:
            if "musewave_search_normalize(" in item["sql"] and "FROM" not in item["sql"][:200]:
                continue  # PostgreSQL's normalisation of the query text reads no table
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(prefix + item["sql"])
            rows = cursor.fetchall()
            plans.append("\n".join(str(row[-1]) for row in rows))
    return plans


PLANNED_QUERIES = ["summer", "summer vibes", "mid", "ummer", "sumer", "zz"]


def _grow_catalogue(track: Track, count: int) -> None:
    """`count` copies of `track` with varied titles, tags and plays. PostgreSQL gets them from
    one statement (row by row through the triggers), whatever columns tracks have."""
    words = ["Summer", "Midnight", "Golden", "Hour", "Rain", "City", "Vibes"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO musewave_track SELECT (jsonb_populate_record(t, jsonb_build_object("
                " 'id', gen_random_uuid(), 'plays', (n * 7919) %% 5000, 'published', n %% 10 <> 0,"
                " 'tags', jsonb_build_array((%s::text[])[1 + n %% 3]),"
                " 'title', (%s::text[])[1 + n %% 7] || ' ' || (%s::text[])[1 + n / 7 %% 7]"
                " || ' ' || n))).*"
                " FROM musewave_track AS t, generate_series(1, %s) AS n WHERE t.id = %s",
                [["summer", "night", "study"], words, words, count, track.pk],
            )
            cursor.execute("ANALYZE musewave_track, musewave_track_search")
        return
    rng = random.Random(7)
    Track.objects.bulk_create(
        Track(
            owner=track.owner,
            title=" ".join(rng.sample(words, 2)) + f" {n}",
            artist="Alice",
            artist_slug="alice",
            genre="ambient",
            tags=rng.sample(["summer", "night", "study"], 1),
            audio_url="https://cdn.example.com/a.mp3",
            audio_file_size=1,
            audio_duration=1.0,
            audio_format="mp3",
            plays=rng.randint(0, 5000),
            published=n % 10 != 0,
        )
        for n in range(count)
    )


def test_search_queries_use_the_indexes_and_never_scan_the_tracks(track):
    # Enough tracks on PostgreSQL that its planner weighs the indexes as in production (a small
    # table is cheaper to read whole); SQLite's plans do not depend on the size.
    _grow_catalogue(track, 5000 if connection.vendor == "postgresql" else 300)
    for query in PLANNED_QUERIES:
        plans = _plans(query)
        assert plans, query
        for plan in plans:
            if connection.vendor == "sqlite":
                lines = plan.splitlines()
                assert "VIRTUAL TABLE INDEX" in plan, plan
                assert not [line for line in lines if line.startswith("SCAN t")], plan
                assert not [line for line in lines if line.startswith("SCAN musewave_track ")]
                assert [line for line in lines if line.startswith("SEARCH t USING ")], plan
            else:
                # Tracks are only ever looked up by primary key: no scan, nor any other of
                # their indexes (all named track_…), which would read every published track.
                assert "Seq Scan" not in plan, plan
                assert not re.search(r"\btrack_\w+_idx", plan), plan
                assert "musewave_track_pkey" in plan, plan
                assert "musewave_track_search_" in plan, plan

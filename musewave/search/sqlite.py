"""SQLite backend: FTS5 word indexes ranked by BM25 and FTS5 `trigram` indexes for substrings.

Each index is walked from its highest rowid down, which for tracks is the most played first (a
rowid starts with the track's popularity, see migration 0012_search_trigram), and at most
`pool` rows are taken from it: only those are ranked and checked for visibility. FTS5 is queried
in SQL because Django has no expression for it; the visibility rule comes from the caller's
queryset.
"""

import importlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from musewave.models import Track, User
from musewave.search.terms import MIN_SUBSTRING_LENGTH, fts5_prefix_query, fts5_substring_query

_schema = importlib.import_module("musewave.migrations.0012_search_trigram")

DOC_ID_MASK = (1 << _schema.DOC_ID_BITS) - 1
# bm25() weights, in the column order of musewave_track_search / musewave_user_search.
TRACK_WEIGHTS = "10.0, 5.0, 4.0, 2.0, 2.0, 1.0"  # title, artist, tags, genre, mood, description
USER_WEIGHTS = "10.0, 8.0, 1.0"  # username, display_name, bio

# The pool is taken in rowid order, so only its rows are scored; then the visible ones are
# ranked (lower BM25 is better; substring matches all score 0).
_TRACKS = """
    WITH pool AS (
        SELECT rowid AS k, {score} AS score FROM {index} WHERE {index} MATCH %s
        ORDER BY rowid DESC LIMIT %s
    )
    SELECT {columns} FROM pool
    JOIN musewave_track_search_doc AS doc ON doc.id = pool.k & {mask}
    JOIN musewave_track AS t ON t.id = doc.track_id
    WHERE EXISTS ({visible})
    ORDER BY pool.score, t.plays DESC, t.created_at DESC, t.id
    LIMIT %s
"""
_USERS = """
    WITH pool AS (
        SELECT rowid AS k, {score} AS score FROM {index} WHERE {index} MATCH %s
        ORDER BY rowid DESC LIMIT %s
    )
    SELECT {columns} FROM pool
    JOIN musewave_user_search_doc AS doc ON doc.id = pool.k
    JOIN musewave_user AS u ON u.id = doc.user_id
    WHERE EXISTS ({visible})
    ORDER BY pool.score, u.created_at DESC, u.id
    LIMIT %s
"""


@dataclass(frozen=True)
class PreparedQuery:
    match: str  # an FTS5 expression of the words; empty when the query has none
    substring: str | None  # an FTS5 trigram phrase; None below MIN_SUBSTRING_LENGTH


def prepare(text: str) -> PreparedQuery:
    """Nothing to ask the database: FTS5 normalises the words of a MATCH expression itself."""
    substring = fts5_substring_query(text) if len(text) >= MIN_SUBSTRING_LENGTH else None
    return PreparedQuery(match=fts5_prefix_query(text), substring=substring)


def _visible_sql(candidates: QuerySet, alias: str) -> tuple[str, tuple]:
    """`candidates` as a subquery correlated to the outer row `alias`: a primary-key lookup per
    pooled row, never a pass over the table."""
    # Only our own alias is interpolated.
    correlated = candidates.order_by().filter(pk=RawSQL(f"{alias}.id", ())).values("pk")  # noqa: S611
    sql, params = correlated.query.sql_with_params()
    return sql, tuple(params)


@dataclass(frozen=True)
class _Kind:
    model: type
    template: str
    alias: str  # of the model's table in `template`
    words: str  # the FTS5 word index
    weights: str  # its bm25() column weights
    substrings: str  # the FTS5 trigram index


_TRACK_KIND = _Kind(
    Track, _TRACKS, "t", "musewave_track_search", TRACK_WEIGHTS, "musewave_track_substring"
)
_USER_KIND = _Kind(
    User, _USERS, "u", "musewave_user_search", USER_WEIGHTS, "musewave_user_substring"
)


def _columns(candidates: QuerySet, alias: str) -> str:
    """The columns of `alias` that `candidates` loads, after its `defer()` or `only()` (a raw
    query leaves a field it does not select to be read on access, as those do)."""
    names, defer = candidates.query.deferred_loading
    fields = candidates.model._meta.concrete_fields
    loaded = [field for field in fields if field.primary_key or (field.name in names) != defer]
    if len(loaded) == len(fields):
        return f"{alias}.*"
    qn = connection.ops.quote_name
    return ", ".join(f"{alias}.{qn(field.column)}" for field in loaded)


def _tiers(kind: _Kind, query: PreparedQuery, candidates: QuerySet, pool: int) -> list:
    """Word matches by BM25, then substrings; each tier a function of (results wanted, rows
    already found) answering one query."""
    visible, visible_params = _visible_sql(candidates, kind.alias)
    columns = _columns(candidates, kind.alias)
    tiers = []
    for index, score, match in (
        (kind.words, f"bm25({kind.words}, {kind.weights})", query.match),
        (kind.substrings, "0", query.substring),
    ):
        if not match:
            continue
        sql = kind.template.format(
            index=index, score=score, mask=DOC_ID_MASK, visible=visible, columns=columns
        )

        def fetch(wanted: int, found: list, sql: str = sql, match: str = match) -> list:
            # Rows already found come back too (SQL does not know them): ask for that many more.
            params = (match, pool, *visible_params, wanted + len(found))
            return list(kind.model.objects.raw(sql, params))

        tiers.append(fetch)
    return tiers


def track_tiers(*, query: PreparedQuery, candidates: QuerySet[Track], pool: int) -> list:
    return _tiers(_TRACK_KIND, query, candidates, pool)


def user_tiers(*, query: PreparedQuery, candidates: QuerySet[User], pool: int) -> list:
    return _tiers(_USER_KIND, query, candidates, pool)


def clear() -> None:
    with connection.cursor() as cursor:
        for table in _schema.SQLITE_INDEX_TABLES:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)


def _run(statements: list[str], ids: list) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, ids)


def index_tracks(ids: list) -> None:
    """Index the tracks with these (database-form) ids, which are not in the index."""
    marks = ", ".join(["%s"] * len(ids))
    _run(_schema.sqlite_index_tracks(f"WHERE t.id IN ({marks})"), ids)


def index_users(ids: list) -> None:
    """Index the users with these (database-form) ids, who are not in the index."""
    marks = ", ".join(["%s"] * len(ids))
    _run(_schema.sqlite_index_users(f"WHERE u.id IN ({marks})"), ids)


def optimize() -> None:
    """Merge the FTS5 b-trees after a bulk load."""
    with connection.cursor() as cursor:
        for table in _schema.SQLITE_INDEX_TABLES:
            if not table.endswith("_doc"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608

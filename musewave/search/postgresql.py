"""PostgreSQL backend: weighted tsvector ranked by ts_rank, then substrings, then trigram
similarity for misspellings (pg_trgm), all over unaccented lower-case text.

The tables, functions and triggers come from migration 0002_search_index.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from musewave.models import Track, User
from musewave.search.terms import MIN_PREFIX_LENGTH, like_pattern

# The query text normalised like the index, and a tsquery of its words (each quoted, so no input
# is read as tsquery syntax; prefixes from MIN_PREFIX_LENGTH characters on; NULL without words).
_PREPARE = r"""
    SELECT
        musewave_search_normalize(%s),
        (
            SELECT to_tsquery('simple', string_agg(
                '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''''
                || CASE WHEN length(lexeme) >= %s THEN ':*' ELSE '' END, ' & '))
            FROM unnest(tsvector_to_array(to_tsvector('simple', musewave_search_normalize(%s))))
                AS lexeme
        )::text
"""

# Full-text matches (tier 0, by ts_rank) and substring matches (tier 1). Each condition gets its
# own branch so that each can use its GIN index; the prepared values arrive as constants so that
# the planner weighs the indexes against their real selectivity. LIKE escapes with a backslash.
_MATCHES = """
    WITH matched AS (
        SELECT {key} AS id FROM {table} WHERE document @@ %s::tsquery
        UNION
        SELECT {key} AS id FROM {table} WHERE haystack LIKE %s
    ),
    hits AS (
        SELECT s.{key} AS id,
            CASE WHEN s.document @@ %s::tsquery THEN 0 ELSE 1 END AS tier,
            CASE WHEN s.document @@ %s::tsquery THEN ts_rank(s.document, %s::tsquery)
                 ELSE 0 END AS score
        FROM matched JOIN {table} AS s ON s.{key} = matched.id
    )
"""
# Similar words (typos): the candidates nearest by trigram word similarity, found nearest-first
# through the GiST index (a filter on similarity alone would compare every row), then kept when
# similar enough. Asked only when the matches above do not fill the page.
_SIMILAR = """
    WITH near AS (
        SELECT s.{key} AS id, 1 - (%s <<-> s.haystack) AS score
        FROM {table} AS s
        WHERE NOT (s.{key} = ANY(%s::uuid[]))
        ORDER BY %s <<-> s.haystack
        LIMIT %s
    ),
    hits AS (SELECT id, 2 AS tier, score FROM near WHERE score >= %s)
"""
# pg_trgm's default word_similarity_threshold.
SIMILARITY_THRESHOLD = 0.6
# Nearest candidates examined per result wanted: some may be hidden (drafts, inactive users).
SIMILAR_POOL_FACTOR = 4

_TRACK_RANKED = """
    SELECT t.* FROM hits JOIN musewave_track AS t ON t.id = hits.id
    WHERE t.id IN ({visible})
    ORDER BY hits.tier, hits.score DESC, t.plays DESC, t.created_at DESC, t.id
    LIMIT %s
"""
_USER_RANKED = """
    SELECT u.* FROM hits JOIN musewave_user AS u ON u.id = hits.id
    WHERE u.id IN ({visible})
    ORDER BY hits.tier, hits.score DESC, u.created_at DESC, u.id
    LIMIT %s
"""


@dataclass(frozen=True)
class PreparedQuery:
    text: str
    tsquery: str | None  # None when the query has no words
    pattern: str


def prepare(text: str) -> PreparedQuery:
    """Normalise the query in the database, exactly as the index was normalised (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_PREPARE, [text, MIN_PREFIX_LENGTH, text])
        normalized, tsquery = cursor.fetchone()
    return PreparedQuery(text=normalized, tsquery=tsquery, pattern=like_pattern(normalized))


def _ids_sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def _rank(model, key, table, ranked, query, candidates, limit):
    """Matches, then (when they leave room) similar words: one query, or two."""
    visible, visible_params = _ids_sql(candidates)
    tail = ranked.format(visible=visible)
    tsq, pattern, text = query.tsquery, query.pattern, query.text
    found = list(
        model.objects.raw(
            _MATCHES.format(key=key, table=table) + tail,
            (tsq, pattern, tsq, tsq, tsq, *visible_params, limit),
        )
    )
    if len(found) < limit:
        wanted = limit - len(found)
        found += model.objects.raw(
            _SIMILAR.format(key=key, table=table) + tail,
            (
                text,
                [row.pk for row in found],
                text,
                wanted * SIMILAR_POOL_FACTOR,
                SIMILARITY_THRESHOLD,
                *visible_params,
                wanted,
            ),
        )
    return found


def rank_tracks(*, query: PreparedQuery, candidates: QuerySet[Track], limit: int) -> list[Track]:
    return _rank(
        Track, "track_id", "musewave_track_search", _TRACK_RANKED, query, candidates, limit
    )


def rank_users(*, query: PreparedQuery, candidates: QuerySet[User], limit: int) -> list[User]:
    return _rank(User, "user_id", "musewave_user_search", _USER_RANKED, query, candidates, limit)


def clear() -> None:
    # DELETE rather than TRUNCATE: searches keep reading the old index until the rebuild commits.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM musewave_track_search")
        cursor.execute("DELETE FROM musewave_user_search")


def index_tracks(ids: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT musewave_track_search_index(t) FROM musewave_track AS t WHERE t.id = ANY(%s)",
            [ids],
        )


def index_users(ids: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT musewave_user_search_index(u) FROM musewave_user AS u WHERE u.id = ANY(%s)",
            [ids],
        )


def optimize() -> None:
    """Fresh planner statistics after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE musewave_track_search, musewave_user_search")

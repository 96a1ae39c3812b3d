"""SQLite backend: FTS5 tables ranked by BM25, with a LIKE pass for substrings inside words.

The tables and the triggers that keep them current come from migration 0002_search_index.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from musewave.models import Track, User
from musewave.search.terms import fts5_prefix_query, like_pattern

# bm25() weights, in the column order of musewave_track_search / musewave_user_search.
TRACK_WEIGHTS = "10.0, 5.0, 4.0, 2.0, 2.0, 1.0"  # title, artist, tags, genre, mood, description
USER_WEIGHTS = "10.0, 8.0, 1.0"  # username, display_name, bio

_TRACK_FTS = f"""
    SELECT doc.track_id AS id, bm25(musewave_track_search, {TRACK_WEIGHTS}) AS score
    FROM musewave_track_search
    JOIN musewave_track_search_doc AS doc ON doc.id = musewave_track_search.rowid
    WHERE musewave_track_search MATCH %s
"""  # noqa: S608 (built from constants only)
_USER_FTS = f"""
    SELECT doc.user_id AS id, bm25(musewave_user_search, {USER_WEIGHTS}) AS score
    FROM musewave_user_search
    JOIN musewave_user_search_doc AS doc ON doc.id = musewave_user_search.rowid
    WHERE musewave_user_search MATCH %s
"""  # noqa: S608 (built from constants only)
_NO_MATCH = "SELECT NULL AS id, NULL AS score WHERE 0"

# Full-text matches first, best BM25 first (lower is better); substring-only matches after them.
_TRACKS = r"""
    WITH fts AS ({fts})
    SELECT t.* FROM musewave_track AS t LEFT JOIN fts ON fts.id = t.id
    WHERE t.id IN ({visible})
      AND (fts.id IS NOT NULL
           OR t.title LIKE %s ESCAPE '\' OR t.artist LIKE %s ESCAPE '\'
           OR t.genre LIKE %s ESCAPE '\' OR t.mood LIKE %s ESCAPE '\'
           OR EXISTS (SELECT 1 FROM json_each(t.tags) AS tag WHERE tag.value LIKE %s ESCAPE '\'))
    ORDER BY fts.score IS NULL, fts.score, t.plays DESC, t.created_at DESC, t.id
    LIMIT %s
"""
_USERS = r"""
    WITH fts AS ({fts})
    SELECT u.* FROM musewave_user AS u LEFT JOIN fts ON fts.id = u.id
    WHERE u.id IN ({visible})
      AND (fts.id IS NOT NULL
           OR u.username LIKE %s ESCAPE '\' OR u.display_name LIKE %s ESCAPE '\')
    ORDER BY fts.score IS NULL, fts.score, u.created_at DESC, u.id
    LIMIT %s
"""


def _ids_sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


@dataclass(frozen=True)
class PreparedQuery:
    match: str  # an FTS5 expression; empty when the query has no words
    pattern: str


def prepare(text: str) -> PreparedQuery:
    """Nothing to ask the database: FTS5 normalises the words of a MATCH expression itself."""
    return PreparedQuery(match=fts5_prefix_query(text), pattern=like_pattern(text))


def _fts(template: str, query: PreparedQuery) -> tuple[str, tuple]:
    return (template, (query.match,)) if query.match else (_NO_MATCH, ())


def rank_tracks(*, query: PreparedQuery, candidates: QuerySet[Track], limit: int) -> list[Track]:
    fts, fts_params = _fts(_TRACK_FTS, query)
    visible, visible_params = _ids_sql(candidates)
    sql = _TRACKS.format(fts=fts, visible=visible)
    params = (*fts_params, *visible_params, *[query.pattern] * 5, limit)
    return list(Track.objects.raw(sql, params))


def rank_users(*, query: PreparedQuery, candidates: QuerySet[User], limit: int) -> list[User]:
    fts, fts_params = _fts(_USER_FTS, query)
    visible, visible_params = _ids_sql(candidates)
    sql = _USERS.format(fts=fts, visible=visible)
    params = (*fts_params, *visible_params, query.pattern, query.pattern, limit)
    return list(User.objects.raw(sql, params))


def clear() -> None:
    with connection.cursor() as cursor:
        for table in (
            "musewave_track_search",
            "musewave_track_search_doc",
            "musewave_user_search",
            "musewave_user_search_doc",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)


def index_tracks(ids: list) -> None:
    """Index the tracks with these (database-form) ids, which are not in the index."""
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO musewave_track_search_doc (track_id)"  # noqa: S608 (placeholders only)
            f" SELECT id FROM musewave_track WHERE id IN ({marks})",
            ids,
        )
        cursor.execute(
            "INSERT INTO musewave_track_search"  # noqa: S608 (placeholders only)
            " (rowid, title, artist, tags, genre, mood, description)"
            " SELECT doc.id, t.title, t.artist,"
            " (SELECT group_concat(tag.value, ' ') FROM json_each(t.tags) AS tag),"
            " t.genre, t.mood, t.description"
            " FROM musewave_track_search_doc AS doc"
            " JOIN musewave_track AS t ON t.id = doc.track_id"
            f" WHERE doc.track_id IN ({marks})",
            ids,
        )


def index_users(ids: list) -> None:
    """Index the users with these (database-form) ids, who are not in the index."""
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO musewave_user_search_doc (user_id)"  # noqa: S608 (placeholders only)
            f" SELECT id FROM musewave_user WHERE id IN ({marks})",
            ids,
        )
        cursor.execute(
            "INSERT INTO musewave_user_search"  # noqa: S608 (placeholders only)
            " (rowid, username, display_name, bio)"
            " SELECT doc.id, u.username, u.display_name, u.bio"
            " FROM musewave_user_search_doc AS doc"
            " JOIN musewave_user AS u ON u.id = doc.user_id"
            f" WHERE doc.user_id IN ({marks})",
            ids,
        )


def optimize() -> None:
    """Merge the FTS5 b-trees after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO musewave_track_search (musewave_track_search) VALUES ('optimize')"
        )
        cursor.execute(
            "INSERT INTO musewave_user_search (musewave_user_search) VALUES ('optimize')"
        )

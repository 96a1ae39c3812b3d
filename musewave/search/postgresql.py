"""PostgreSQL backend: a weighted tsvector ranked by ts_rank, substrings through a trigram GIN
index, then similar words (pg_trgm) for misspellings, all over unaccented lower-case text.

Every tier takes at most `pool` index rows, most popular first (a B-tree over the index rows'
popularity, see migration 0012_search_trigram), and ranks only those; similar words come
nearest-first from the GiST trigram index. The queries are Django's search expressions over the
index rows (`TrackSearchDocument`, `UserSearchDocument`); the tables, functions and triggers
come from migrations 0002_search_index and 0012_search_trigram.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordDistance,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, F, Func, QuerySet, Subquery

from musewave.models import Track, TrackSearchDocument, User, UserSearchDocument
from musewave.search.terms import MIN_SUBSTRING_LENGTH

# The query text normalised like the index, and a tsquery of its words, each quoted so that no
# input is read as tsquery syntax (NULL without words). Whole lexemes suffice for word prefixes:
# the index holds every prefix of two letters or more (musewave_search_prefixes), and a word of
# one letter matches whole. Django has no expression for turning a text into its lexemes.
_PREPARE = r"""
    SELECT
        musewave_search_normalize(%s),
        (
            SELECT to_tsquery('simple', string_agg(
                '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' & '))
            FROM unnest(tsvector_to_array(to_tsvector('simple', musewave_search_normalize(%s))))
                AS lexeme
        )::text
"""

# pg_trgm's default word_similarity_threshold.
SIMILARITY_THRESHOLD = 0.6
# Nearest candidates examined per result wanted: some may be hidden (drafts, inactive users).
SIMILAR_POOL_FACTOR = 4


class InPool(Func):
    """`pk = ANY(ARRAY(pool))`: the pool becomes one array, computed first, and the rows are
    then looked up by primary key; as `pk IN (pool)` the planner may instead join the pool with
    every visible row of the table."""

    arg_joiner = " = ANY(ARRAY("
    template = "%(expressions)s))"
    output_field = BooleanField()


def _in_pool(candidates: QuerySet, pool: QuerySet) -> QuerySet:
    return candidates.filter(InPool(F("pk"), Subquery(pool)))


@dataclass(frozen=True)
class PreparedQuery:
    text: str
    tsquery: str | None  # None when the query has no words


def prepare(text: str) -> PreparedQuery:
    """Normalise the query in the database, exactly as the index was normalised (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_PREPARE, [text, text])
        normalized, tsquery = cursor.fetchone()
    return PreparedQuery(text=normalized, tsquery=tsquery)


def _tiers(documents, candidates, query, pool, pool_order, ties) -> list:
    """Word matches by ts_rank, then substrings, then similar words; each tier a function of
    (results wanted, rows already found) answering one query."""
    tiers = []
    if query.tsquery is not None:
        words = SearchQuery(query.tsquery, search_type="raw", config="simple")

        def word_matches(wanted: int, found: list) -> list:
            best = documents.filter(document=words).order_by(*pool_order).values("pk")[:pool]
            ranked = _in_pool(candidates, best).annotate(
                score=SearchRank(F("search_document__document"), words)
            )
            return list(ranked.order_by("-score", *ties)[:wanted])

        tiers.append(word_matches)

    if len(query.text) >= MIN_SUBSTRING_LENGTH:

        def substrings(wanted: int, found: list) -> list:
            # `contains` is a LIKE on the normalised text, which the trigram GIN index serves.
            containing = documents.filter(haystack__contains=query.text).exclude(
                pk__in=[row.pk for row in found]
            )
            best = containing.order_by(*pool_order).values("pk")[:pool]
            return list(_in_pool(candidates, best).order_by(*ties)[:wanted])

        tiers.append(substrings)

    def similar_words(wanted: int, found: list) -> list:
        # Nearest first through the GiST index: a filter on similarity alone compares every row.
        nearest = (
            documents.exclude(pk__in=[row.pk for row in found])
            .annotate(distance=TrigramWordDistance(query.text, "haystack"))
            .order_by("distance")
            .values("pk")[: wanted * SIMILAR_POOL_FACTOR]
        )
        similar = (
            _in_pool(candidates, nearest)
            .annotate(similarity=TrigramWordSimilarity(query.text, "search_document__haystack"))
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
        )
        return list(similar.order_by("-similarity", *ties)[:wanted])

    tiers.append(similar_words)
    return tiers


def track_tiers(*, query: PreparedQuery, candidates: QuerySet[Track], pool: int) -> list:
    return _tiers(
        TrackSearchDocument.objects.all(),
        candidates,
        query,
        pool,
        pool_order=("-popularity", "-pk"),
        ties=("-plays", "-created_at", "id"),
    )


def user_tiers(*, query: PreparedQuery, candidates: QuerySet[User], pool: int) -> list:
    return _tiers(
        UserSearchDocument.objects.all(),
        candidates,
        query,
        pool,
        pool_order=("-pk",),
        ties=("-created_at", "id"),
    )


def clear() -> None:
    # DELETE rather than TRUNCATE: searches keep reading the old index until the rebuild commits.
    TrackSearchDocument.objects.all().delete()
    UserSearchDocument.objects.all().delete()


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

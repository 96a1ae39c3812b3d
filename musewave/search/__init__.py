"""Ranked full-text search over tracks and users, served from indexes only.

One interface, two backends chosen by the database in use:

- SQLite: FTS5 word indexes (`unicode61 remove_diacritics 2`) ranked by BM25, and FTS5
  `trigram` indexes for substrings (case folded, accents kept);
- PostgreSQL: weighted tsvector over unaccented text ranked by ts_rank, `pg_trgm` GIN indexes
  for substrings (case and accents folded), then similar words by trigrams, for misspellings.

Both match case- and accent-insensitively on word prefixes (`summ` finds "Summer Vibes"), words of
one letter whole. After the word matches come the tracks whose title, artist, genre, mood or
tags contain the query (the users whose username or display name does); a query shorter than
MIN_SUBSTRING_LENGTH characters, which no trigram index can narrow down, matches word prefixes
only. Database triggers keep the indexes current in the transaction that changes a track or a
user (migrations 0002_search_index and 0012_search_trigram).

Each kind of match is ranked among a bounded pool of candidates: at most SEARCH_CANDIDATES rows
of its index, taken most played first (tracks' popularity counts in powers of two), then ranked
by relevance with ties to the more played track. So the cost of a search does not grow with the
number of rows that match; when more rows match than the pool holds, the page is the best of
the pool.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Literal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Value, When

from musewave.errors import AuthenticationRequired, PermissionDenied, ValidationFailed
from musewave.models import Playlist, Track, User
from musewave.search.terms import clean_query
from musewave.selectors.playlists import playlists_public
from musewave.selectors.tracks import tracks_visible

SearchType = Literal["all", "tracks", "users"]
SEARCH_TYPES = ("all", "tracks", "users")
MAX_LIMIT = 100
REBUILD_BATCH_SIZE = 500


@dataclass
class SearchResults:
    tracks: list[Track] = field(default_factory=list)
    users: list[User] = field(default_factory=list)


def _backend() -> ModuleType:
    if connection.vendor == "postgresql":
        from musewave.search import postgresql

        return postgresql
    if connection.vendor == "sqlite":
        from musewave.search import sqlite

        return sqlite
    raise NotImplementedError(f"No search backend for {connection.vendor}.")


QUERY_REQUIRED = "Enter something to search for."


def _check(query: str, limit: int) -> str:
    text = clean_query(query)
    if not text:
        raise ValidationFailed.field("query", QUERY_REQUIRED)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
        raise ValidationFailed.field("limit", f"Enter a whole number from 0 to {MAX_LIMIT}.")
    return text


def search(
    *,
    query: str,
    type: SearchType = "all",
    limit: int = 20,
    viewer: User | None = None,
    track_defer: tuple[str, ...] = (),
) -> SearchResults:
    """Published tracks (and the viewer's own drafts) and active users matching `query`, best
    first. Any text is a valid query: operators and quotes in it are searched for, not obeyed.

    `track_defer` names track fields the caller will not read (a list's shape never shows the
    waveform, say): they are left unread, as `QuerySet.defer` leaves them."""
    if type not in SEARCH_TYPES:
        raise ValidationFailed.field("type", f"Unknown search type “{type}”.")
    text = _check(query, limit)
    results = SearchResults()
    if limit == 0:
        return results
    backend = _backend()
    prepared = backend.prepare(text)
    # Room for a page even when the first kind of match filled most of one already.
    pool = max(settings.MUSEWAVE_SEARCH_CANDIDATES, 2 * limit)
    if type in ("all", "tracks"):
        tiers = backend.track_tiers(
            query=prepared, candidates=tracks_visible(viewer=viewer).defer(*track_defer), pool=pool
        )
        results.tracks = _first(tiers, limit)
    if type in ("all", "users"):
        tiers = backend.user_tiers(
            query=prepared, candidates=User.objects.filter(is_active=True), pool=pool
        )
        results.users = _first(tiers, limit)
    return results


def _first(tiers: list[Callable[[int, list], list]], limit: int) -> list:
    """The first `limit` results of the tiers in turn (word matches, substrings, similar words),
    each result once. A tier is asked only when those before it leave room on the page."""
    found: list = []
    for tier in tiers:
        wanted = limit - len(found)
        if wanted <= 0:
            break
        seen = {row.pk for row in found}
        found += [row for row in tier(wanted, found) if row.pk not in seen][:wanted]
    return found


def search_playlists(*, query: str, limit: int = 20) -> list[Playlist]:
    """Public playlists (of active owners) whose title contains `query`, ignoring case: titles
    that start with it first, then the fuller playlists, then the newest. Unlisted and private
    playlists are never found, not even by their owner.

    A plain substring match on titles, which on PostgreSQL a trigram index of the public
    playlists' upper-cased titles serves (migration 0006_playlists); SQLite narrows to the
    public playlists by index and compares their titles."""
    text = _check(query, limit)
    if limit == 0:
        return []
    matches = playlists_public(title=text).annotate(
        starts=Case(
            When(title__istartswith=text, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return list(matches.order_by("starts", "-track_count", "-created_at", "-id")[:limit])


def _id_batches(table: str, size: int):
    """The ids of `table` in database form, `size` at a time (keyset pagination)."""
    last = None
    with connection.cursor() as cursor:
        while True:
            if last is None:
                cursor.execute(f"SELECT id FROM {table} ORDER BY id LIMIT %s", [size])  # noqa: S608
            else:
                cursor.execute(
                    f"SELECT id FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608
                    [last, size],
                )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return
            yield ids
            last = ids[-1]


def index_rebuild(*, progress: Callable[[int, int], object] | None = None) -> int:
    """Rebuild the search index from scratch, in one transaction; returns the number of documents
    indexed (every track, drafts included, and every user).

    `progress(done, total)` is called after each batch.
    """
    backend = _backend()
    with transaction.atomic():
        backend.clear()
        total = Track.objects.count() + User.objects.count()
        done = 0
        if progress is not None:
            progress(done, total)
        for table, index in (
            (Track._meta.db_table, backend.index_tracks),
            (User._meta.db_table, backend.index_users),
        ):
            for ids in _id_batches(table, REBUILD_BATCH_SIZE):
                index(ids)
                done += len(ids)
                if progress is not None:
                    progress(done, total)
        backend.optimize()
    return done


def search_index_rebuild(*, actor: User | None) -> int:
    """Rebuild the index on a client's request. It is heavy, so when the deployment requires
    authentication only staff may ask; legacy deployments keep the old open endpoint."""
    if settings.MUSEWAVE_REQUIRE_AUTH:
        if actor is None:
            raise AuthenticationRequired("Authentication credentials were not provided.")
        if not actor.is_staff:
            raise PermissionDenied("Only staff may rebuild the search index.")
    return index_rebuild()

"""Search over published tracks and users."""

from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Case, IntegerField, Q, Value, When

from musewave.errors import ValidationFailed
from musewave.models import Track, User
from musewave.selectors.tracks import visible_tracks

SearchType = Literal["all", "tracks", "users"]
SEARCH_TYPES = ("all", "tracks", "users")


@dataclass
class SearchResults:
    tracks: list[Track] = field(default_factory=list)
    users: list[User] = field(default_factory=list)


def _rank_tracks(query: str, viewer: User | None, limit: int) -> list[Track]:
    matches = (
        Q(title__icontains=query)
        | Q(artist__icontains=query)
        | Q(genre__icontains=query)
        | Q(mood__icontains=query)
        | Q(tags__icontains=query)
        | Q(description__icontains=query)
    )
    score = Case(
        When(title__istartswith=query, then=Value(6)),
        When(title__icontains=query, then=Value(5)),
        When(artist__icontains=query, then=Value(4)),
        When(tags__icontains=query, then=Value(3)),
        When(Q(genre__icontains=query) | Q(mood__icontains=query), then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    tracks = visible_tracks(viewer=viewer)
    return list(
        tracks.filter(matches)
        .annotate(score=score)
        .order_by("-score", "-plays", "-created_at")[:limit]
    )


def _rank_users(query: str, limit: int) -> list[User]:
    matches = (
        Q(username__icontains=query) | Q(display_name__icontains=query) | Q(bio__icontains=query)
    )
    score = Case(
        When(username__iexact=query, then=Value(4)),
        When(Q(username__icontains=query) | Q(display_name__icontains=query), then=Value(3)),
        default=Value(1),
        output_field=IntegerField(),
    )
    users = User.objects.filter(is_active=True).filter(matches).annotate(score=score)
    return list(users.order_by("-score", "-created_at")[:limit])


def search(
    *, query: str, type: SearchType = "all", limit: int = 20, viewer: User | None = None
) -> SearchResults:
    """Published tracks (and the viewer's own drafts) and users matching `query`, best first."""
    query = (query or "").strip()
    if not query:
        raise ValidationFailed("Query parameter 'q' is required")
    if type not in SEARCH_TYPES:
        raise ValidationFailed.field("type", f"Unknown search type “{type}”.")
    results = SearchResults()
    if type in ("all", "tracks"):
        results.tracks = _rank_tracks(query, viewer, limit)
    if type in ("all", "users"):
        results.users = _rank_users(query, limit)
    return results


def index_rebuild(*, progress=None) -> int:
    """Rebuild the search index from scratch; returns the number of documents indexed.

    The substring backend above reads the tables directly and keeps no index of its own.
    """
    total = Track.objects.filter(published=True).count() + User.objects.count()
    if progress is not None:
        progress(total, total)
    return total

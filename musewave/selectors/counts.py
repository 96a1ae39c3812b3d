"""Per-row counts for annotating lists of users, tracks and albums.

Each is a correlated subquery, so several counts on one list never multiply each other's rows
(as joined aggregates would) and the list stays one query however long it is.
"""

from typing import Literal

from django.db.models import (
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from musewave.models import Album, Comment, User
from musewave.selectors.social import follows_visible
from musewave.selectors.tracks import tracks_visible


def subquery_count(queryset: QuerySet, *, link: str) -> Coalesce:
    """How many rows of `queryset` have `link` equal to the outer row's primary key."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def subquery_sum(queryset: QuerySet, *, link: str, field: str) -> Coalesce:
    """The sum of `field` over the rows of `queryset` whose `link` is the outer row's primary
    key (0.0 when there are none)."""
    summed = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=FloatField()), Value(0.0))


def follower_count() -> Coalesce:
    """Per user: how many active users follow them."""
    return subquery_count(follows_visible(), link="following")


def following_count() -> Coalesce:
    """Per user: how many active users they follow."""
    return subquery_count(follows_visible(), link="follower")


def album_count() -> Coalesce:
    """Per user: how many albums they own (albums have no drafts to hide)."""
    return subquery_count(Album.objects.all(), link="owner")


def comment_count() -> Coalesce:
    """Per track: how many comments it has."""
    return subquery_count(Comment.objects.all(), link="track")


def track_count(
    *, viewer: User | None, per: Literal["owner", "album"], include_drafts: bool = False
) -> Coalesce:
    """Per user (`per="owner"`) or per album (`per="album"`): how many of their tracks `viewer`
    may see (`tracks_visible`), so that the count agrees with the track list."""
    return subquery_count(tracks_visible(viewer=viewer, include_drafts=include_drafts), link=per)

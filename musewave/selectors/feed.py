"""The home feed: what the artists a listener follows published or reposted, newest first."""

from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, Greatest

from musewave.models import Follow, Repost, Track, User
from musewave.selectors.tracks import tracks_visible

# Each track appears once, at the latest of its publication by a followed artist and its
# latest repost by a followed user; `feed_reposter_id` says who reposted it when the repost is
# the newer reason.
FEED_AT = "feed_at"
FEED_REPOSTER = "feed_reposter_id"


def tracks_feed(*, viewer: User) -> QuerySet[Track]:
    """Published tracks (of active owners) that the users `viewer` follows published or
    reposted, newest first by `feed_at`, ties broken by id: the order keyset cursors walk."""
    followed = Follow.objects.filter(follower=viewer, following__is_active=True).values(
        "following_id"
    )
    reposts = Repost.objects.filter(track=OuterRef("pk"), user_id__in=followed).order_by(
        "-created_at", "-id"
    )
    own_at = Case(
        When(owner_id__in=followed, then=Coalesce("published_at", "created_at")),
        default=None,
        output_field=models.DateTimeField(),
    )
    repost_at = Subquery(reposts.values("created_at")[:1], output_field=models.DateTimeField())
    reposter = Subquery(reposts.values("user_id")[:1], output_field=models.UUIDField())
    return (
        tracks_visible(viewer=None)
        .filter(owner__is_active=True)
        .filter(
            Q(owner_id__in=followed)
            | Q(pk__in=Repost.objects.filter(user_id__in=followed).values("track_id"))
        )
        .annotate(_own_at=own_at, _repost_at=repost_at)
        .annotate(
            **{
                # Greatest of two values either of which may be null, on every database.
                FEED_AT: Greatest(
                    Coalesce("_own_at", "_repost_at"), Coalesce("_repost_at", "_own_at")
                ),
                FEED_REPOSTER: Case(
                    When(
                        Q(_repost_at__isnull=False)
                        & (Q(_own_at__isnull=True) | Q(_repost_at__gt=F("_own_at"))),
                        then=reposter,
                    ),
                    default=None,
                    output_field=models.UUIDField(),
                ),
            }
        )
        .order_by(F(FEED_AT).desc(), "-id")
    )


def tracks_feed_after(tracks: QuerySet[Track], *, at: datetime, track_id: Any) -> QuerySet[Track]:
    """The part of a feed that comes after the entry (`at`, `track_id`): new entries at the top
    never shift what a cursor points past."""
    return tracks.filter(Q(**{f"{FEED_AT}__lt": at}) | Q(**{FEED_AT: at, "pk__lt": track_id}))

"""The feed's connection: tracks, each with why it is there."""

from datetime import datetime
from uuid import UUID

import strawberry
from django.db.models import QuerySet
from strawberry import relay

from musewave.models import Track, User
from musewave.selectors.feed import FEED_AT, FEED_REPOSTER, tracks_feed_after
from schema.core.connections import KeysetPaged
from schema.core.refs import UserRef
from schema.tracks.types import TrackType


@strawberry.type(name="FeedEdge", description="A track in the feed and why it is there.")
class FeedEdge(relay.Edge[TrackType]):
    reposted_by: UserRef | None = strawberry.field(
        description="The followed user who reposted the track; null when it is there because "
        "a followed artist published it."
    )
    posted_at: datetime = strawberry.field(
        description="When it was published or reposted: the feed's order."
    )


@strawberry.type(
    name="FeedConnection",
    description="The feed, newest first; cursors stay valid as new tracks arrive.",
)
class FeedConnection(KeysetPaged, relay.Connection[TrackType]):
    edges: list[FeedEdge] = strawberry.field(description="Contains the nodes in this connection.")

    at_field = FEED_AT

    @classmethod
    def rows_after(cls, rows: QuerySet, at: datetime, pk: UUID) -> QuerySet:
        return tracks_feed_after(rows, at=at, track_id=pk)

    @classmethod
    def page_edges(cls, rows: list[Track], cursors: list[str]) -> list[FeedEdge]:
        reposter_ids = {getattr(row, FEED_REPOSTER) for row in rows} - {None}
        reposters = User.objects.in_bulk(reposter_ids) if reposter_ids else {}
        return [
            FeedEdge(
                cursor=cursor,
                node=row,
                reposted_by=reposters.get(getattr(row, FEED_REPOSTER)),
                posted_at=getattr(row, FEED_AT),
            )
            for cursor, row in zip(cursors, rows, strict=True)
        ]

"""The feed's connection: tracks, each with why it is there."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from musewave.models import User
from musewave.selectors.feed import FEED_AT, FEED_REPOSTER, tracks_feed_after
from schema.core.pagination import keyset_page
from schema.tracks.types import TrackType

if TYPE_CHECKING:
    from schema.users.types import UserType

UserRef = Annotated["UserType", strawberry.lazy("schema.users.types")]


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
class FeedConnection(relay.Connection[TrackType]):
    edges: list[FeedEdge] = strawberry.field(description="Contains the nodes in this connection.")

    @classmethod
    def resolve_connection(
        cls,
        nodes: Any,
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> "FeedConnection":
        page = keyset_page(
            nodes,
            at_field=FEED_AT,
            after_filter=lambda rows, at, pk: tracks_feed_after(rows, at=at, track_id=pk),
            first=first,
            after=after,
            before=before,
            last=last,
        )
        reposter_ids = {getattr(row, FEED_REPOSTER) for row in page.rows} - {None}
        reposters = User.objects.in_bulk(reposter_ids) if reposter_ids else {}
        return cls(
            edges=[
                FeedEdge(
                    cursor=cursor,
                    node=row,
                    reposted_by=reposters.get(getattr(row, FEED_REPOSTER)),
                    posted_at=getattr(row, FEED_AT),
                )
                for cursor, row in zip(page.cursors, page.rows, strict=True)
            ],
            page_info=page.page_info,
        )

"""Reading the home feed."""

from collections.abc import Iterable

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.selectors.feed import tracks_feed
from schema.core.errors import raises_client_errors
from schema.core.viewer import acting_user
from schema.feed.types import FeedConnection
from schema.tracks.types import TrackType


@strawberry.type
class FeedQueries:
    @strawberry_django.connection(
        FeedConnection,
        description="The signed-in user's feed: published tracks of the artists they follow "
        "and tracks those users reposted, newest first.",
    )
    @raises_client_errors
    def feed(self, info: Info) -> Iterable[TrackType]:
        return tracks_feed(viewer=acting_user(info))

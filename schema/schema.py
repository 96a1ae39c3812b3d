"""The MuseWave GraphQL schema: every domain's queries and mutations merged into one."""

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from schema.albums.mutations import AlbumMutations
from schema.albums.queries import AlbumQueries
from schema.analytics.mutations import AnalyticsMutations
from schema.analytics.queries import AnalyticsQueries
from schema.auth.mutations import AuthMutations
from schema.core.errors import MaskInternalErrors, is_internal_error
from schema.core.limits import limit_extensions
from schema.core.pagination import CursorArgumentValidator, max_page_size
from schema.core.scalars import SCALAR_MAP, SCALAR_OVERRIDES
from schema.feed.queries import FeedQueries
from schema.live.subscriptions import LiveSubscriptions
from schema.notifications.mutations import NotificationMutations
from schema.notifications.queries import NotificationQueries
from schema.playlists.mutations import PlaylistMutations
from schema.playlists.queries import PlaylistQueries
from schema.search.queries import SearchQueries
from schema.social.mutations import SocialMutations
from schema.social.queries import SocialQueries
from schema.tracks.mutations import TrackMutations
from schema.tracks.queries import TrackQueries
from schema.users.mutations import UserMutations
from schema.users.queries import UserQueries

Query = merge_types(
    "Query",
    (
        UserQueries,
        TrackQueries,
        AlbumQueries,
        PlaylistQueries,
        SocialQueries,
        AnalyticsQueries,
        SearchQueries,
        NotificationQueries,
        FeedQueries,
    ),
)
Query.__strawberry_definition__.description = "Everything MuseWave lets you read."

Mutation = merge_types(
    "Mutation",
    (
        AuthMutations,
        UserMutations,
        TrackMutations,
        AlbumMutations,
        PlaylistMutations,
        SocialMutations,
        AnalyticsMutations,
        NotificationMutations,
    ),
)
Mutation.__strawberry_definition__.description = (
    "Everything MuseWave lets you change. Expected failures come back as `OperationInfo`."
)


class MusewaveSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        # Only internal errors are worth a log entry with a traceback; the client caused the rest.
        internal = [error for error in errors if is_internal_error(error)]
        if internal:
            super().process_errors(internal, execution_context)


Subscription = merge_types("Subscription", (LiveSubscriptions,))
Subscription.__strawberry_definition__.description = (
    "Live updates over WebSocket at /graphql (graphql-transport-ws or graphql-ws)."
)

schema = MusewaveSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    scalar_overrides=SCALAR_OVERRIDES,
    # A connection returns at most this many items, and that many without `first` or `last`.
    config=StrawberryConfig(scalar_map=SCALAR_MAP, relay_max_results=max_page_size()),
    extensions=[
        *limit_extensions(),
        CursorArgumentValidator,
        DjangoOptimizerExtension,
        MaskInternalErrors,
    ],
)

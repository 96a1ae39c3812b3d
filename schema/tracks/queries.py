"""Reading tracks."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.selectors.common import require_uuid
from musewave.selectors.tracks import tracks_visible
from schema.core.arguments import IdArg
from schema.core.errors import raises_client_errors
from schema.core.pagination import CursorCheckedConnection, offset_list
from schema.core.viewer import get_viewer
from schema.tracks.inputs import TrackFilter, TrackOrder, filtered_tracks
from schema.tracks.types import TrackType

FilterArg = Annotated[
    TrackFilter | None, strawberry.argument(description="Conditions the tracks must meet.")
]
OrderArg = Annotated[
    TrackOrder | None,
    strawberry.argument(description="Order of the tracks (default: newest first)."),
]


@strawberry.type
class TrackQueries:
    @strawberry_django.field(
        description="A track by id; null if absent or a draft of another (an `invalid` error "
        "on `id` when it is not an id)."
    )
    @raises_client_errors
    def track(self, info: Info, id: IdArg) -> TrackType | None:
        return tracks_visible(viewer=get_viewer(info)).filter(pk=require_uuid(id, field="id"))

    @offset_list(
        description="Tracks the viewer can see, filtered and ordered, by page number (`limit`, "
        "`offset`) for numbered pages; `tracksConnection` for endless scrolling."
    )
    @raises_client_errors
    def tracks(
        self, info: Info, filter: FilterArg = None, order_by: OrderArg = None
    ) -> list[TrackType]:
        return filtered_tracks(get_viewer(info), filter, order_by)

    @strawberry_django.connection(
        CursorCheckedConnection[TrackType],
        description="Tracks the viewer can see, filtered and ordered, as a Relay connection for "
        "endless scrolling (each page after a cursor, `totalCount` for the scroll bar); `tracks` "
        "for numbered pages.",
    )
    @raises_client_errors
    def tracks_connection(
        self, info: Info, filter: FilterArg = None, order_by: OrderArg = None
    ) -> Iterable[TrackType]:
        return filtered_tracks(get_viewer(info), filter, order_by)

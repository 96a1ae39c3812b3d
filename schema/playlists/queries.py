"""Reading playlists."""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.selectors.common import parse_uuid
from musewave.selectors.playlists import playlists_public, playlists_readable
from schema.core.arguments import IdArg
from schema.core.errors import raises_client_errors
from schema.core.pagination import offset_list
from schema.core.viewer import get_viewer
from schema.playlists.inputs import PlaylistFilter
from schema.playlists.types import PlaylistType


@strawberry.type
class PlaylistQueries:
    @strawberry_django.field(
        description="A playlist by id; null if there is none or it is someone else's private one."
    )
    def playlist(self, info: Info, id: IdArg) -> PlaylistType | None:
        pk = parse_uuid(id)
        playlists = playlists_readable(viewer=get_viewer(info))
        return playlists.filter(pk=pk) if pk is not None else playlists.none()

    @offset_list(description="Public playlists, newest first.")
    @raises_client_errors
    def playlists(
        self,
        info: Info,
        filter: Annotated[
            PlaylistFilter | None,
            strawberry.argument(description="Conditions the playlists must meet."),
        ] = None,
    ) -> list[PlaylistType]:
        if filter is None:
            return playlists_public()
        return playlists_public(owner_id=filter.owner_id, title=filter.title)

"""Reading albums."""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.selectors.common import parse_uuid
from musewave.selectors.tracks import album_list, album_queryset
from schema.albums.types import AlbumType
from schema.core.pagination import offset_list


@strawberry.type
class AlbumQueries:
    @strawberry_django.field(description="An album by id; null if there is none.")
    def album(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]
    ) -> AlbumType | None:
        pk = parse_uuid(id)
        albums = album_queryset()
        return albums.filter(pk=pk) if pk is not None else albums.none()

    @offset_list(description="A user's albums, newest first.")
    def albums(
        self,
        info: Info,
        owner_id: Annotated[strawberry.ID, strawberry.argument(description="The owner's id.")],
    ) -> list[AlbumType]:
        return album_list(owner_id=owner_id)

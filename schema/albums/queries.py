"""Reading albums."""

from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.selectors.albums import albums_all, albums_of
from musewave.selectors.common import require_uuid
from schema.albums.types import AlbumType
from schema.core.arguments import IdArg
from schema.core.errors import raises_client_errors
from schema.core.pagination import offset_list


@strawberry.type
class AlbumQueries:
    @strawberry_django.field(
        description="An album by id; null if there is none (an `invalid` error on `id` when "
        "it is not an id)."
    )
    @raises_client_errors
    def album(self, info: Info, id: IdArg) -> AlbumType | None:
        return albums_all().filter(pk=require_uuid(id, field="id"))

    @offset_list(
        description="A user's albums, newest first (an `invalid` error on `ownerId` when it is "
        "not an id)."
    )
    @raises_client_errors
    def albums(
        self,
        info: Info,
        owner_id: Annotated[strawberry.ID, strawberry.argument(description="The owner's id.")],
    ) -> list[AlbumType]:
        return albums_of(owner_id=owner_id)

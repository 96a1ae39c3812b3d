"""Write inputs of albums: the services' fields (`EDITABLE_FIELDS`), typed, required or not and
described (`help_text`) by the model, and the album's track list."""

import strawberry
import strawberry_django

from musewave.models import Album
from musewave.services.albums import EDITABLE_FIELDS


@strawberry_django.input(
    Album, name="CreateAlbumInput", description="A new album.", fields=EDITABLE_FIELDS
)
class CreateAlbumInput:
    track_ids: list[strawberry.ID] | None = strawberry.field(
        description="Tracks (all the owner's) that join the album."
    )


@strawberry_django.partial(
    Album,
    name="UpdateAlbumInput",
    description="Changes to an album; only the fields given change.",
    fields=EDITABLE_FIELDS,
)
class UpdateAlbumInput:
    track_ids: list[strawberry.ID] | None = strawberry.field(
        description="The album's exact new track list (all the owner's tracks); omit to keep it."
    )

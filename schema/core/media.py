"""Links to media in GraphQL: absolute against the request, images in two sizes."""

from enum import Enum
from typing import Annotated

import strawberry
from django.db import models
from strawberry.types import Info

from musewave.http.links import absolute_url
from musewave.media.images import LARGE, SMALL
from musewave.selectors.media import image_url


@strawberry.enum(name="ImageSize", description="Which stored version of an image.")
class ImageSize(Enum):
    SMALL = strawberry.enum_value("small", description=f"{SMALL} px on the longer side.")
    LARGE = strawberry.enum_value("large", description=f"{LARGE} px on the longer side.")


SizeArgument = Annotated[
    ImageSize, strawberry.argument(description="Which version (default LARGE).")
]


def absolute_link(info: Info, url: str | None) -> str | None:
    """`url` made absolute against the HTTP request being answered (over a WebSocket, as it
    is)."""
    request = getattr(info.context, "request", None)
    return absolute_url(request if hasattr(request, "build_absolute_uri") else None, url)


def image_link(
    info: Info, instance: models.Model, url_field: str, size: ImageSize = ImageSize.LARGE
) -> str | None:
    """The absolute URL of an image (`cover_url`, `avatar_url`, `header_url`) in `size`; an
    external image has one size only."""
    return absolute_link(info, image_url(instance, url_field, small=size is ImageSize.SMALL))

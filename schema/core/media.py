"""Links to media in GraphQL: absolute against the request, images in two sizes."""

from enum import Enum
from typing import Annotated

import strawberry
import strawberry_django
from django.db import models
from strawberry.types import Info

from musewave.http.links import absolute_url
from musewave.media.images import LARGE, SMALL
from musewave.selectors.media import IMAGE_FILES, image_url


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


def image_fields(url_field: str, what: str):
    """The two fields of an image: `<x>Url` (the large version) and `<x>(size:)`, each reading
    only the URL column and the stored files."""
    columns = [url_field, *IMAGE_FILES[url_field]]

    def url(root, info: Info) -> str | None:
        return image_link(info, root, url_field)

    def sized(root, info: Info, size: SizeArgument = ImageSize.LARGE) -> str | None:
        return image_link(info, root, url_field, size)

    return (
        strawberry_django.field(
            resolver=url,
            only=columns,
            description=f"URL of the {what} (the large version of an uploaded one).",
        ),
        strawberry_django.field(
            resolver=sized,
            only=columns,
            description=f"URL of the {what} in a size (an external one has one size only).",
        ),
    )

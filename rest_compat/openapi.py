"""Pieces of the OpenAPI description shared by the legacy views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from rest_compat.serializers import ErrorSerializer, MessageErrorSerializer, SuccessSerializer


def path_id(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)


USER_ID = path_id("user_id", "The user's id.")
TRACK_ID = path_id("track_id", "The track's id.")
ALBUM_ID = path_id("album_id", "The album's id.")
USERNAME = OpenApiParameter(
    "username", OpenApiTypes.STR, OpenApiParameter.PATH, description="Case-insensitive."
)

NOT_FOUND = OpenApiResponse(MessageErrorSerializer, description="No such object in the path.")
INVALID = OpenApiResponse(
    ErrorSerializer, description="Field errors (`{field: [messages]}`) or a rule's message."
)
RULE_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="An object named in the body (or the relation) does not exist."
)
SUCCESS = OpenApiResponse(SuccessSerializer, description='`{"success": true}`')

"""Lists under the user or track a path names, a page at a time (an unknown one is 404)."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from rest_compat import openapi
from rest_compat.base import LegacyAPIView, paged_list, path_track, path_user

# How a view finds the object its path parameter names.
_OWNERS: dict[str, Callable[[Request, Any], Any]] = {
    openapi.USER_ID.name: lambda request, user_id: path_user(user_id),
    openapi.TRACK_ID.name: path_track,
}


def rows_under_view(
    name: str,
    serializer: type[serializers.Serializer],
    parameter: OpenApiParameter,
    *,
    rows: Callable[[Request, Any], Any],
    **schema: Any,
) -> type[LegacyAPIView]:
    """The view class `name` whose GET answers a page of `rows(request, owner)` in `serializer`,
    `owner` the user or track `parameter` names; `schema` holds its tags, summary and
    description."""
    find = _OWNERS[parameter.name]

    @openapi.paged(serializer, parameter, **schema)
    def get(self, request, **path):
        owner = find(request, path[parameter.name])
        return paged_list(request, rows(request, owner), serializer)

    return type(name, (LegacyAPIView,), {"__module__": __name__, "__qualname__": name, "get": get})

"""What every legacy view shares: JSON parsing, input validation, paging and path lookups."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from musewave import clients as musewave_clients
from musewave.errors import NotFound
from musewave.models import Track, User
from musewave.selectors import tracks as track_selectors
from musewave.selectors import users as user_selectors
from musewave.selectors.common import drafts_public, require_uuid
from musewave.services import auth
from musewave.services.auth import TokenPair
from musewave.throttling import throttle_login, throttle_write
from rest_compat.actors import authenticated_user, body_actor
from rest_compat.serializers.common import PageParams

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Beyond any real table; keeps OFFSET inside a 64-bit integer on every database.
MAX_OFFSET = 2**62


class LegacyJSONParser(JSONParser):
    """JSON bodies only; anything undecodable is a parse error, never a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply") from None


def client_details(request: Request) -> dict[str, str | None]:
    """Where a request came from, as play and download records keep it."""
    return musewave_clients.client_details(request.META)


class LegacyAPIView(APIView):
    parser_classes = [LegacyJSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authenticates: a bad token stops here
        for name, value in kwargs.items():
            # An id in the path that is not an id is a 400 on that parameter, before anything
            # else; a well-formed id of nothing is the view's 404.
            if name.endswith("_id"):
                require_uuid(value, field=name)
        if request.method not in SAFE_METHODS:
            user = authenticated_user(request)
            throttle_write(
                user_id=user.pk if user else None, ip_address=client_details(request)["ip_address"]
            )


def parse_body(
    request: Request, serializer_class: type[serializers.Serializer], *, partial: bool = False
) -> dict[str, Any]:
    """The request body validated by `serializer_class`: only the fields it declares and the
    client sent (plus declared defaults)."""
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def parse_body_actor(
    request: Request,
    serializer_class: type[serializers.Serializer],
    *,
    fields: tuple[str, ...],
    required: bool,
) -> tuple[dict[str, Any], User | None]:
    """The validated body and the actor it names under the first of `fields` that is set."""
    data = parse_body(request, serializer_class)
    return data, body_actor(request, data, fields=fields, required=required)


def created_status(created: bool) -> int:
    """201 for a row just made, 200 for the existing one an idempotent write answers."""
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


def parse_query(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    # A parameter that holds one value is refused when repeated, rather than one copy winning.
    repeated = {
        name: ["Give this parameter once."]
        for name, field in serializer.fields.items()
        if not isinstance(field, serializers.ListField | serializers.MultipleChoiceField)
        and len(request.query_params.getlist(name)) > 1
    }
    if repeated:
        raise serializers.ValidationError(repeated)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def clamp_limit(limit: int) -> int:
    return min(max(limit, 1), MAX_LIMIT)


def page(items: QuerySet[T] | Sequence[T], params: dict[str, Any]) -> Sequence[T]:
    """The slice that `limit` (clamped to 1..MAX_LIMIT) and `offset` (≥ 0) select."""
    limit = clamp_limit(params.get("limit", DEFAULT_LIMIT))
    offset = min(max(params.get("offset", 0), 0), MAX_OFFSET)
    return items[offset : offset + limit]


def login(request: Request, data: dict[str, Any]) -> tuple[User, TokenPair]:
    """The user and tokens of validated credentials; the attempt counts against the login limits
    before the password is checked."""
    throttle_login(
        ip_address=client_details(request)["ip_address"],
        username_or_email=data["username_or_email"],
    )
    return auth.auth_login(**data)


def serializer_context(request: Request) -> dict[str, Any]:
    """What the output serializers need to know of the request: who asks (`viewer`), for the
    core's privacy rule (emails, listeners, client addresses), and the request itself, against
    which media links are made absolute."""
    return {"viewer": authenticated_user(request), "request": request}


def paged_list(
    request: Request, items: QuerySet | Sequence, serializer_class: type[serializers.Serializer]
) -> Response:
    """A page of `items` as the bare JSON array legacy clients expect."""
    params = parse_query(request, PageParams)
    context = serializer_context(request)
    return Response(serializer_class(page(items, params), many=True, context=context).data)


def path_object(lookup: Callable[..., T], **kwargs: Any) -> T:
    """The object a URL names; an unknown one is the generic `{"message": "Not found."}`."""
    try:
        return lookup(**kwargs)
    except NotFound:
        raise Http404 from None


def track_visibility(request: Request) -> dict[str, Any]:
    """The `viewer` and `include_drafts` arguments of the track selectors for this request:
    legacy deployments show drafts to everyone, others only to their owners (and staff)."""
    return {"viewer": authenticated_user(request), "include_drafts": drafts_public()}


def path_track(request: Request, track_id: Any, *, defer: Sequence[str] = ()) -> Track:
    """The track a URL names, if the requester may see it (`defer`: as in `track_get`)."""
    return path_object(
        track_selectors.track_get, track_id=track_id, defer=defer, **track_visibility(request)
    )


def path_user(user_id: Any, *, field: str = "user_id") -> User:
    """The user a URL names (as the path parameter `field`)."""
    return path_object(user_selectors.user_get, user_id=user_id, field=field)

"""Tracks: list, detail, upload, edit, delete and statistics."""

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from musewave import services
from musewave.errors import AuthenticationRequired, ValidationFailed
from musewave.selectors import stats as stats_selectors
from musewave.selectors import tracks as track_selectors
from rest_compat import openapi
from rest_compat.actors import authenticated_user, body_actor
from rest_compat.base import (
    LegacyAPIView,
    page,
    parse_body,
    parse_query,
    path_track,
    serializer_context,
    track_visibility,
)
from rest_compat.errors import fields_named
from rest_compat.serializers.common import SuccessSerializer
from rest_compat.serializers.tracks import (
    TrackCreateInput,
    TrackListParams,
    TrackSerializer,
    TrackStatsSerializer,
    TrackUpdateInput,
    TrackUploadInput,
)

TAG = ["tracks"]
BOOLEAN_PARAMS = {"true": True, "false": False}


# The sorts of the legacy list, by their names there (camelCase aliases too) → track fields.
SORT_BY = {
    "created_at": "created_at",
    "createdAt": "created_at",
    "published_at": "published_at",
    "publishedAt": "published_at",
    "plays": "plays",
    "likes": "likes",
    "downloads": "downloads",
    "title": "title",
}


def _list_filters(params: dict[str, Any]) -> dict[str, Any]:
    """The legacy query parameters as `tracks_filtered` arguments (an unknown sort is a 400 on
    `sortBy`)."""
    sort_by = params.get("sortBy") or params.get("sort_by") or "created_at"
    if sort_by not in SORT_BY:
        raise ValidationFailed.field(
            "sortBy",
            f"Unknown sort field “{sort_by}”; use one of {sorted(set(SORT_BY.values()))}.",
        )
    sort_order = (params.get("sortOrder") or params.get("sort_order") or "desc").lower()
    return {
        "owner_id": params.get("userId") or params.get("user_id") or None,
        "genre": params.get("genre") or None,
        "mood": params.get("mood") or None,
        "tags": params.get("tags") or (),
        "published": BOOLEAN_PARAMS.get((params.get("published") or "").lower()),
        "order_by": SORT_BY[sort_by],
        "descending": sort_order == "desc",
    }


class TrackListView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Tracks, filtered and sorted (newest first by default)",
        parameters=[
            TrackListParams,
            openapi.one_of(
                "sortBy",
                SORT_BY,
                "The order (created_at by default); camelCase createdAt and publishedAt too.",
            ),
        ],
        responses={200: TrackSerializer(many=True), 400: openapi.INVALID},
    )
    def get(self, request):
        params = parse_query(request, TrackListParams)
        owner_param = "userId" if params.get("userId") else "user_id"
        with fields_named({"owner_id": owner_param}):
            tracks = track_selectors.tracks_filtered(
                **track_visibility(request), **_list_filters(params)
            )
        return Response(
            TrackSerializer(
                page(tracks, params), many=True, context=serializer_context(request)
            ).data
        )


class TrackDetailView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A track",
        parameters=[openapi.TRACK_ID],
        responses={200: TrackSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, track_id):
        return Response(
            TrackSerializer(
                path_track(request, track_id, defer=TrackSerializer.unshown_fields),
                context=serializer_context(request),
            ).data
        )


class TrackCreateView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Upload a track's metadata",
        request=TrackCreateInput,
        responses={201: TrackSerializer, 400: openapi.INVALID, 404: openapi.RULE_NOT_FOUND},
    )
    def post(self, request):
        data = parse_body(request, TrackCreateInput)
        owner = body_actor(request, data, fields=("user_id",), required=True)
        del data["user_id"]
        track = services.track_create(actor=owner, **data)
        return Response(
            TrackSerializer(track, context=serializer_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class TrackUploadView(LegacyAPIView):
    # Multipart only. Identity comes from the bearer token or `user_id`, never from a cookie,
    # so a cross-site form post carries no one's identity (no CSRF risk).
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAG,
        summary="Upload a track's audio file (and cover); tags fill in what is left out",
        request={"multipart/form-data": TrackUploadInput},
        responses={
            201: TrackSerializer,
            400: openapi.INVALID,
            404: openapi.RULE_NOT_FOUND,
            413: openapi.INVALID,
        },
    )
    def post(self, request):
        if settings.MUSEWAVE_REQUIRE_AUTH and authenticated_user(request) is None:
            # Before the (possibly large) form is parsed: a file upload needs a token here.
            raise AuthenticationRequired("Authentication credentials were not provided.")
        data = parse_body(request, TrackUploadInput)
        owner = body_actor(request, data, fields=("user_id",), required=True)
        audio = data.pop("audio")
        cover = data.pop("cover", None)
        data.pop("user_id", None)
        if data.get("tags") is not None:
            data["tags"] = data["tags"].split(",")
        # An empty form field is one the client left out: the file's tags may fill it.
        fields = {name: value for name, value in data.items() if value not in (None, "")}
        track = services.track_upload(actor=owner, audio=audio, cover=cover, **fields)
        return Response(
            TrackSerializer(track, context=serializer_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class TrackUpdateView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Edit a track; publishing stamps published_at",
        parameters=[openapi.TRACK_ID],
        request=TrackUpdateInput,
        responses={200: TrackSerializer, 400: openapi.INVALID, 404: openapi.NOT_FOUND},
    )
    def patch(self, request, track_id):
        track = path_track(request, track_id)
        data = parse_body(request, TrackUpdateInput, partial=True)
        track = services.track_update(actor=authenticated_user(request), track=track, data=data)
        return Response(TrackSerializer(track, context=serializer_context(request)).data)


class TrackDeleteView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Delete a track with its likes, plays and downloads",
        parameters=[openapi.TRACK_ID],
        request=None,
        responses={200: SuccessSerializer, 404: openapi.NOT_FOUND},
    )
    def delete(self, request, track_id):
        track = path_track(request, track_id)
        services.track_delete(actor=authenticated_user(request), track=track)
        return Response({"success": True})


class TrackStatsView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A track's statistics",
        parameters=[openapi.TRACK_ID],
        responses={200: TrackStatsSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, track_id):
        track = path_track(request, track_id)
        return Response(TrackStatsSerializer(stats_selectors.track_stats(track=track)).data)

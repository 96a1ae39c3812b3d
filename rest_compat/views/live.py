"""Notifications, the home feed and reposts: new paths beside the legacy contract, each needing
a token (the actor is always the token's user)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from musewave import services
from musewave.selectors.feed import tracks_feed
from musewave.selectors.notifications import notifications_of, notifications_unread_count
from rest_compat import openapi
from rest_compat.actors import required_user
from rest_compat.base import (
    LegacyAPIView,
    page,
    parse_body,
    parse_query,
    path_track,
    serializer_context,
)
from rest_compat.serializers.common import ErrorSerializer, PageParams, SuccessSerializer
from rest_compat.serializers.live import (
    FeedTrackSerializer,
    NotificationListParams,
    NotificationSerializer,
    NotificationsReadInput,
    NotificationsReadSerializer,
    RepostSerializer,
)

UNAUTHORIZED = OpenApiResponse(
    ErrorSerializer, description="No token, or a bad, expired or revoked one."
)


class NotificationListView(LegacyAPIView):
    openapi_token, openapi_actor = openapi.REQUIRED, False

    @extend_schema(
        tags=["notifications"],
        summary="The signed-in user's notifications, newest first",
        parameters=[NotificationListParams],
        responses={
            200: NotificationSerializer(many=True),
            400: openapi.INVALID,
            401: UNAUTHORIZED,
        },
    )
    def get(self, request):
        user = required_user(request)
        params = parse_query(request, NotificationListParams)
        notifications = notifications_of(recipient=user, unread_only=params["unread_only"])
        return Response(NotificationSerializer(page(notifications, params), many=True).data)


class NotificationReadView(LegacyAPIView):
    openapi_token, openapi_actor = openapi.REQUIRED, False

    @extend_schema(
        tags=["notifications"],
        summary="Mark the signed-in user's notifications read (those of `ids`, or all)",
        request=NotificationsReadInput,
        responses={200: NotificationsReadSerializer, 400: openapi.INVALID, 401: UNAUTHORIZED},
    )
    def post(self, request):
        user = required_user(request)
        data = parse_body(request, NotificationsReadInput)
        marked = services.notifications_mark_read(actor=user, ids=data.get("ids"))
        unread = notifications_unread_count(recipient=user)
        return Response({"marked": marked, "unread_count": unread})


class FeedView(LegacyAPIView):
    openapi_token, openapi_actor = openapi.REQUIRED, False

    @extend_schema(
        tags=["feed"],
        summary="Published tracks of the artists the signed-in user follows, and tracks those "
        "users reposted, newest first",
        parameters=[PageParams],
        responses={200: FeedTrackSerializer(many=True), 400: openapi.INVALID, 401: UNAUTHORIZED},
    )
    def get(self, request):
        user = required_user(request)
        params = parse_query(request, PageParams)
        tracks = tracks_feed(viewer=user)
        context = serializer_context(request)
        return Response(FeedTrackSerializer(page(tracks, params), many=True, context=context).data)


class TrackRepostView(LegacyAPIView):
    openapi_token, openapi_actor = openapi.REQUIRED, False

    @extend_schema(
        tags=["feed"],
        summary="Repost a published track to one's followers' feeds (idempotent)",
        parameters=[openapi.TRACK_ID],
        request=None,
        responses={
            201: RepostSerializer,
            200: RepostSerializer,
            400: openapi.INVALID,
            401: UNAUTHORIZED,
            404: openapi.NOT_FOUND,
        },
    )
    def post(self, request, track_id):
        user = required_user(request)
        track = path_track(request, track_id)
        repost, created = services.repost_create(actor=user, track=track)
        track.refresh_from_db(fields=["shares"])
        repost.track = track
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(RepostSerializer(repost).data, status=code)

    @extend_schema(
        tags=["feed"],
        summary="Take a repost back",
        parameters=[openapi.TRACK_ID],
        request=None,
        responses={200: SuccessSerializer, 401: UNAUTHORIZED, 404: openapi.RULE_NOT_FOUND},
    )
    def delete(self, request, track_id):
        user = required_user(request)
        track = path_track(request, track_id)
        services.repost_delete(actor=user, track=track)
        return Response({"success": True})

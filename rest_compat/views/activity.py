"""Likes, plays and downloads of tracks: each moves the track's counter."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from musewave import services
from musewave.selectors import listening as listening_selectors
from musewave.selectors import social as social_selectors
from rest_compat import openapi
from rest_compat.base import (
    LegacyAPIView,
    client_details,
    created_status,
    parse_body_actor,
    path_track,
    path_user,
    track_visibility,
)
from rest_compat.serializers.activity import (
    DownloadSerializer,
    HasLikedSerializer,
    LikeSerializer,
    PlayInput,
    PlaySerializer,
    UserActorInput,
)
from rest_compat.views.lists import rows_under_view

TAG = ["likes, plays and downloads"]
USER_FIELDS = ("userId", "user_id")
HIDDEN_DRAFTS = (
    "When the deployment requires authentication, rows of drafts the requester may not see "
    "(someone else's, unless staff) are left out. An unknown user is 404."
)


def _actor_context(actor) -> dict:
    """A recorded play or download is shown to the one it was recorded for as to its listener
    (a legacy client sees the `user_id` it sent); the address stays for staff only."""
    return {"viewer": actor}


class TrackLikeView(LegacyAPIView):
    @openapi.made_once(
        LikeSerializer,
        openapi.TRACK_ID,
        tags=TAG,
        summary="Like a track (idempotent)",
        request=UserActorInput,
    )
    def post(self, request, track_id):
        track = path_track(request, track_id)
        _, actor = parse_body_actor(request, UserActorInput, fields=USER_FIELDS, required=True)
        like, created = services.like_create(actor=actor, track=track)
        return Response(LikeSerializer(like).data, status=created_status(created))


class TrackUnlikeView(LegacyAPIView):
    @openapi.taken_back(
        openapi.TRACK_ID,
        tags=TAG,
        summary="Take a like back",
        description='The body names the user: `{"userId": "…"}` (or `user_id`).',
        request=UserActorInput,
    )
    def delete(self, request, track_id):
        track = path_track(request, track_id)
        _, actor = parse_body_actor(request, UserActorInput, fields=USER_FIELDS, required=True)
        services.like_delete(actor=actor, track=track)
        return Response({"success": True})


class HasLikedView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Whether a user likes a track",
        description="A track the requester may not see (another's draft when the deployment "
        "requires authentication), or an unknown user, is 404.",
        parameters=[openapi.TRACK_ID, openapi.USER_ID],
        responses={200: HasLikedSerializer, 400: openapi.INVALID, 404: openapi.NOT_FOUND},
    )
    def get(self, request, track_id, user_id):
        track, user = path_track(request, track_id), path_user(user_id)
        return Response({"hasLiked": social_selectors.like_exists(track=track, user=user)})


UserLikesView = rows_under_view(
    "UserLikesView",
    LikeSerializer,
    openapi.USER_ID,
    rows=lambda request, user: social_selectors.likes_of(
        user_id=user.pk, **track_visibility(request)
    ),
    tags=TAG,
    summary="A user's likes, newest first",
    description=HIDDEN_DRAFTS,
)


class TrackDownloadView(LegacyAPIView):
    openapi_token = openapi.OPTIONAL  # anonymous downloads in every mode

    @extend_schema(
        tags=TAG,
        summary="Record a download (anonymous without userId)",
        parameters=[openapi.TRACK_ID],
        request=UserActorInput,
        responses={201: DownloadSerializer, 400: openapi.INVALID, 404: openapi.RULE_NOT_FOUND},
    )
    def post(self, request, track_id):
        track = path_track(request, track_id)
        _, actor = parse_body_actor(request, UserActorInput, fields=USER_FIELDS, required=False)
        download = services.download_record(actor=actor, track=track, **client_details(request))
        return Response(
            DownloadSerializer(download, context=_actor_context(actor)).data,
            status=status.HTTP_201_CREATED,
        )


# The track's lists: path_track applies the visibility rule, a hidden draft's rows are not found.
TrackDownloadsView = rows_under_view(
    "TrackDownloadsView",
    DownloadSerializer,
    openapi.TRACK_ID,
    rows=lambda request, track: listening_selectors.downloads_of(track_id=track.pk),
    tags=TAG,
    summary="A track's downloads, newest first",
)


class TrackPlayView(LegacyAPIView):
    openapi_token = openapi.OPTIONAL  # anonymous plays in every mode

    @extend_schema(
        tags=TAG,
        summary="Record a listen (anonymous without userId)",
        description="A replay by the same listener within the replay window (30 s by default) "
        "answers 200 with the play already counted, and counts nothing.",
        parameters=[openapi.TRACK_ID],
        request=PlayInput,
        responses={
            201: PlaySerializer,
            200: PlaySerializer,
            400: openapi.INVALID,
            404: openapi.RULE_NOT_FOUND,
            429: openapi.INVALID,
        },
    )
    def post(self, request, track_id):
        track = path_track(request, track_id)
        data, actor = parse_body_actor(request, PlayInput, fields=USER_FIELDS, required=False)
        play, created = services.play_record(
            actor=actor,
            track=track,
            duration=data.get("duration") or 0.0,
            completed=bool(data.get("completed")),
            **client_details(request),
        )
        return Response(
            PlaySerializer(play, context=_actor_context(actor)).data, status=created_status(created)
        )


TrackPlaysView = rows_under_view(
    "TrackPlaysView",
    PlaySerializer,
    openapi.TRACK_ID,
    rows=lambda request, track: listening_selectors.plays_of(track_id=track.pk),
    tags=TAG,
    summary="A track's plays, newest first",
)

UserPlaysView = rows_under_view(
    "UserPlaysView",
    PlaySerializer,
    openapi.USER_ID,
    rows=lambda request, user: listening_selectors.plays_of(
        user_id=user.pk, **track_visibility(request)
    ),
    tags=TAG,
    summary="Plays where the user is the listener, newest first",
    description=HIDDEN_DRAFTS,
)

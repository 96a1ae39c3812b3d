"""Follows between users."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from musewave import services
from musewave.selectors import social as social_selectors
from rest_compat import openapi
from rest_compat.base import (
    LegacyAPIView,
    created_status,
    parse_body_actor,
    path_user,
)
from rest_compat.serializers.social import (
    FollowerActorInput,
    FollowSerializer,
    IsFollowingSerializer,
)
from rest_compat.views.lists import rows_under_view

TAG = ["follows"]
FOLLOWER_FIELDS = ("followerId", "follower_id")
FOLLOWER_ID = openapi.path_id("follower_id", "The id of the user who may follow.")


class FollowView(LegacyAPIView):
    @openapi.made_once(
        FollowSerializer,
        openapi.USER_ID,
        tags=TAG,
        summary="Follow the user in the path (idempotent)",
        request=FollowerActorInput,
    )
    def post(self, request, user_id):
        following = path_user(user_id)
        _, follower = parse_body_actor(
            request, FollowerActorInput, fields=FOLLOWER_FIELDS, required=True
        )
        follow, created = services.follow_create(actor=follower, following=following)
        return Response(FollowSerializer(follow).data, status=created_status(created))


class UnfollowView(LegacyAPIView):
    @openapi.taken_back(
        openapi.USER_ID,
        tags=TAG,
        summary="Stop following the user in the path",
        description='The body names the follower: `{"followerId": "…"}` (or `follower_id`).',
        request=FollowerActorInput,
    )
    def delete(self, request, user_id):
        following = path_user(user_id)
        _, follower = parse_body_actor(
            request, FollowerActorInput, fields=FOLLOWER_FIELDS, required=True
        )
        services.follow_delete(actor=follower, following=following)
        return Response({"success": True})


class IsFollowingView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Whether follower_id follows the user in the path",
        parameters=[openapi.USER_ID, FOLLOWER_ID],
        description="An unknown user (either of them) is 404.",
        responses={200: IsFollowingSerializer, 400: openapi.INVALID, 404: openapi.NOT_FOUND},
    )
    def get(self, request, user_id, follower_id):
        following = path_user(user_id)
        follower = path_user(follower_id, field="follower_id")
        is_following = social_selectors.follow_exists(follower=follower, following=following)
        return Response({"isFollowing": is_following})


FollowersView = rows_under_view(
    "FollowersView",
    FollowSerializer,
    openapi.USER_ID,
    rows=lambda request, user: social_selectors.follows_of(following_id=user.pk),
    tags=TAG,
    summary="Follows of the user (following_id is the user), newest first",
)

FollowingView = rows_under_view(
    "FollowingView",
    FollowSerializer,
    openapi.USER_ID,
    rows=lambda request, user: social_selectors.follows_of(follower_id=user.pk),
    tags=TAG,
    summary="Follows by the user (follower_id is the user), newest first",
)

"""Users, artists and user statistics."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from musewave import services
from musewave.selectors import stats as stats_selectors
from musewave.selectors import users as user_selectors
from rest_compat import openapi
from rest_compat.actors import authenticated_user
from rest_compat.base import (
    LegacyAPIView,
    paged_list,
    parse_body,
    path_object,
    path_user,
    serializer_context,
    track_visibility,
)
from rest_compat.serializers.users import (
    UserCreateInput,
    UserSerializer,
    UserStatsSerializer,
    UserUpdateInput,
)

TAG = ["users"]


class UserListView(LegacyAPIView):
    @openapi.paged(UserSerializer, tags=TAG, summary="Users, newest first")
    def get(self, request):
        return paged_list(request, user_selectors.users_active(), UserSerializer)


class ArtistListView(LegacyAPIView):
    @openapi.paged(
        UserSerializer, tags=TAG, summary="Users with at least one published track, newest first"
    )
    def get(self, request):
        return paged_list(request, user_selectors.users_with_tracks(), UserSerializer)


class UserDetailView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A user",
        parameters=[openapi.USER_ID],
        responses={200: UserSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, user_id):
        user = path_user(user_id)
        return Response(UserSerializer(user, context=serializer_context(request)).data)


class UserByUsernameView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A user by username",
        parameters=[openapi.USERNAME],
        responses={200: UserSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, username):
        user = path_object(user_selectors.user_get_by_username, username=username)
        return Response(UserSerializer(user, context=serializer_context(request)).data)


class UserCreateView(LegacyAPIView):
    openapi_token, openapi_actor = openapi.OPTIONAL, False  # signing up

    @extend_schema(
        tags=TAG,
        summary="Sign a user up",
        request=UserCreateInput,
        responses={201: UserSerializer, 400: openapi.INVALID},
    )
    def post(self, request):
        user = services.user_create(**parse_body(request, UserCreateInput))
        return Response(
            UserSerializer(user, context=serializer_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class UserUpdateView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Change a user's profile (and password)",
        parameters=[openapi.USER_ID],
        request=UserUpdateInput,
        responses={200: UserSerializer, 400: openapi.INVALID, 404: openapi.NOT_FOUND},
    )
    def patch(self, request, user_id):
        user = path_user(user_id)
        data = parse_body(request, UserUpdateInput, partial=True)
        user = services.user_update(actor=authenticated_user(request), user=user, data=data)
        return Response(UserSerializer(user, context=serializer_context(request)).data)


class UserStatsView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A user's statistics",
        parameters=[openapi.USER_ID],
        responses={200: UserStatsSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, user_id):
        user = path_user(user_id)
        figures = stats_selectors.user_stats(user=user, **track_visibility(request))
        return Response(UserStatsSerializer(figures).data)

"""Albums (documented without a trailing slash)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from musewave import services
from musewave.models import Album
from musewave.selectors import albums as album_selectors
from musewave.selectors import counts
from musewave.selectors import tracks as track_selectors
from rest_compat import openapi
from rest_compat.actors import authenticated_user
from rest_compat.base import (
    LegacyAPIView,
    paged_list,
    parse_body,
    parse_body_actor,
    path_object,
    track_visibility,
)
from rest_compat.serializers.albums import (
    AlbumCreateInput,
    AlbumDetailSerializer,
    AlbumSerializer,
    AlbumUpdateInput,
)
from rest_compat.serializers.common import PageParams, SuccessSerializer

TAG = ["albums"]


def _with_track_count(request: Request, albums: QuerySet[Album]) -> QuerySet[Album]:
    """`albums` with the count of their tracks the requester may see (legacy clients see
    drafts too), the same tracks an album's detail lists."""
    return albums.annotate(track_count=counts.track_count(per="album", **track_visibility(request)))


def _counted(request: Request, album: Album) -> Album:
    """The album re-read with its track count (after a write, the count it has now)."""
    return _with_track_count(request, Album.objects.filter(pk=album.pk)).get()


class UserAlbumListView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A user's albums, newest first (none for an unknown user)",
        parameters=[openapi.USER_ID, PageParams],
        responses={200: AlbumSerializer(many=True), 400: openapi.INVALID},
    )
    def get(self, request, user_id):
        albums = _with_track_count(request, album_selectors.albums_of(owner_id=user_id))
        return paged_list(request, albums, AlbumSerializer)


class AlbumDetailView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="An album with its tracks",
        parameters=[openapi.ALBUM_ID],
        responses={200: AlbumDetailSerializer, 404: openapi.NOT_FOUND},
    )
    def get(self, request, album_id):
        album = _counted(request, path_object(album_selectors.album_get, album_id=album_id))
        tracks = track_selectors.tracks_filtered(album_id=album.pk, **track_visibility(request))
        return Response(AlbumDetailSerializer(album, context={"tracks": tracks}).data)


class AlbumCreateView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Create an album from the owner's tracks",
        request=AlbumCreateInput,
        responses={201: AlbumSerializer, 400: openapi.INVALID, 404: openapi.RULE_NOT_FOUND},
    )
    def post(self, request):
        data, owner = parse_body_actor(
            request, AlbumCreateInput, fields=("user_id",), required=True
        )
        del data["user_id"]
        track_ids = data.pop("track_ids", None)
        album = services.album_create(actor=owner, track_ids=track_ids, **data)
        return Response(
            AlbumSerializer(_counted(request, album)).data, status=status.HTTP_201_CREATED
        )


class AlbumUpdateView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Edit an album; track_ids, when sent, becomes its exact track list",
        parameters=[openapi.ALBUM_ID],
        request=AlbumUpdateInput,
        responses={200: AlbumSerializer, 400: openapi.INVALID, 404: openapi.NOT_FOUND},
    )
    def patch(self, request, album_id):
        album = path_object(album_selectors.album_get, album_id=album_id)
        data = parse_body(request, AlbumUpdateInput, partial=True)
        track_ids = data.pop("track_ids", None)
        album = services.album_update(
            actor=authenticated_user(request), album=album, data=data, track_ids=track_ids
        )
        return Response(AlbumSerializer(_counted(request, album)).data)


class AlbumDeleteView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Delete an album; its tracks remain, without an album",
        parameters=[openapi.ALBUM_ID],
        request=None,
        responses={200: SuccessSerializer, 404: openapi.NOT_FOUND},
    )
    def delete(self, request, album_id):
        album = path_object(album_selectors.album_get, album_id=album_id)
        services.album_delete(actor=authenticated_user(request), album=album)
        return Response({"success": True})

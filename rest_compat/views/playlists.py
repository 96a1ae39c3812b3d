"""Playlists (new paths beside the legacy contract, in its JSON conventions).

Reads are anonymous or by the token's user. Writes are by the token's user or, while the
deployment does not require authentication, by the user the body names as `user_id`, as for
the legacy writes; either way only the playlist's owner (or staff) may edit it.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from musewave import services
from musewave.models import Playlist, User
from musewave.selectors import playlists as playlist_selectors
from rest_compat import openapi
from rest_compat.actors import authenticated_user, body_actor
from rest_compat.base import (
    LegacyAPIView,
    page,
    paged_list,
    parse_body,
    parse_query,
    path_object,
    path_user,
)
from rest_compat.serializers.common import PageParams, SuccessSerializer
from rest_compat.serializers.playlists import (
    PlaylistCreateInput,
    PlaylistDetailSerializer,
    PlaylistDuplicateInput,
    PlaylistEditorInput,
    PlaylistItemSerializer,
    PlaylistMoveInput,
    PlaylistOrderInput,
    PlaylistSerializer,
    PlaylistTracksInput,
    PlaylistUpdateInput,
)

TAG = ["playlists"]
EDITOR_FIELDS = ("user_id",)
EDIT_ERRORS = {
    400: openapi.INVALID,
    401: openapi.DENIED,
    403: openapi.DENIED,
    404: openapi.NOT_FOUND,
    409: openapi.CONFLICT,
}


def _editor(request: Request, data: dict[str, Any]) -> User:
    """The acting user of a write, taken out of the parsed body."""
    actor = body_actor(request, data, fields=EDITOR_FIELDS, required=True)
    data.pop("user_id", None)
    return actor


def _playlist(playlist_id: Any, viewer: User | None) -> Playlist:
    return path_object(playlist_selectors.playlist_get, playlist_id=playlist_id, viewer=viewer)


def _item(playlist: Playlist, item_id: Any):
    """The item of the playlist a URL names (an unknown one is the generic 404)."""
    return path_object(playlist_selectors.playlist_item_get, playlist=playlist, item_id=item_id)


def _with_totals(playlists, viewer: User | None):
    return playlist_selectors.with_visible_totals(playlists, viewer=viewer)


def _counted(playlist: Playlist, viewer: User | None) -> Playlist:
    """The playlist re-read with the totals the viewer sees (after a write, as it is now)."""
    return _with_totals(Playlist.objects.filter(pk=playlist.pk), viewer).get()


def _edit(
    request: Request, playlist_id: Any, serializer_class, *, partial: bool = False
) -> tuple[dict[str, Any], User, Playlist]:
    """The parsed body of a write, its acting user and the playlist the URL names as they see it."""
    data = parse_body(request, serializer_class, partial=partial)
    actor = _editor(request, data)
    return data, actor, _playlist(playlist_id, actor)


def _shown(playlist: Playlist, viewer: User | None, *, code: int = status.HTTP_200_OK) -> Response:
    return Response(PlaylistSerializer(_counted(playlist, viewer)).data, status=code)


def _items(playlist: Playlist, viewer: User | None):
    items = playlist_selectors.playlist_items_of(playlist=playlist, viewer=viewer)
    items = playlist_selectors.with_track_availability(items, viewer=viewer)
    return items.select_related("track")


class PlaylistListView(LegacyAPIView):
    @openapi.paged(PlaylistSerializer, tags=TAG, summary="Public playlists, newest first")
    def get(self, request):
        viewer = authenticated_user(request)
        playlists = _with_totals(playlist_selectors.playlists_listed(viewer=viewer), viewer)
        return paged_list(request, playlists, PlaylistSerializer)

    @extend_schema(
        tags=TAG,
        summary="Create a playlist (empty; public unless asked otherwise)",
        request=PlaylistCreateInput,
        responses={
            201: PlaylistSerializer,
            400: openapi.INVALID,
            401: openapi.DENIED,
            403: openapi.DENIED,
            404: openapi.RULE_NOT_FOUND,
        },
    )
    def post(self, request):
        data = parse_body(request, PlaylistCreateInput)
        owner = _editor(request, data)
        data.pop("expected_version", None)
        playlist = services.playlist_create(actor=owner, **data)
        return _shown(playlist, owner, code=status.HTTP_201_CREATED)


class PlaylistDetailView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="A playlist with a page of its items (limit/offset page the items)",
        description="Public and unlisted playlists are open to anyone, private ones to their "
        "owner and staff. Others do not see the places of tracks that are drafts or whose "
        "artist is deactivated; the owner sees those places with `track: null`.",
        parameters=[openapi.PLAYLIST_ID, PageParams],
        responses={200: PlaylistDetailSerializer, 400: openapi.INVALID, 404: openapi.NOT_FOUND},
    )
    def get(self, request, playlist_id):
        viewer = authenticated_user(request)
        playlist = _playlist(playlist_id, viewer)
        params = parse_query(request, PageParams)
        items = page(_items(playlist, viewer), params)
        return Response(
            PlaylistDetailSerializer(_counted(playlist, viewer), context={"items": items}).data
        )

    @extend_schema(
        tags=TAG,
        summary="Edit a playlist's title, description, cover or visibility",
        parameters=[openapi.PLAYLIST_ID],
        request=PlaylistUpdateInput,
        responses={200: PlaylistSerializer, **EDIT_ERRORS},
    )
    def patch(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistUpdateInput, partial=True)
        expected = data.pop("expected_version", None)
        playlist = services.playlist_update(
            actor=actor, playlist=playlist, data=data, expected_version=expected
        )
        return _shown(playlist, actor)

    @extend_schema(
        tags=TAG,
        summary="Delete a playlist",
        parameters=[openapi.PLAYLIST_ID],
        request=PlaylistEditorInput,
        responses={200: SuccessSerializer, **EDIT_ERRORS},
    )
    def delete(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistEditorInput)
        services.playlist_delete(
            actor=actor, playlist=playlist, expected_version=data.get("expected_version")
        )
        return Response({"success": True})


class PlaylistTracksView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Add tracks at a position (default: the end); answers the new items",
        parameters=[openapi.PLAYLIST_ID],
        request=PlaylistTracksInput,
        responses={201: PlaylistItemSerializer(many=True), **EDIT_ERRORS},
    )
    def post(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistTracksInput)
        items = services.playlist_items_add(
            actor=actor,
            playlist=playlist,
            track_ids=data["track_ids"],
            position=data.get("position"),
            expected_version=data.get("expected_version"),
        )
        added = _items(playlist, actor).filter(pk__in=[item.pk for item in items])
        return Response(
            PlaylistItemSerializer(added, many=True).data, status=status.HTTP_201_CREATED
        )


class PlaylistOrderView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Reorder the whole playlist from the full list of its item ids",
        parameters=[openapi.PLAYLIST_ID],
        request=PlaylistOrderInput,
        responses={200: PlaylistSerializer, **EDIT_ERRORS},
    )
    def post(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistOrderInput)
        playlist = services.playlist_items_reorder(
            actor=actor,
            playlist=playlist,
            item_ids=data["item_ids"],
            expected_version=data.get("expected_version"),
        )
        return _shown(playlist, actor)


class PlaylistDuplicateView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Copy a public playlist (or one's own) into a new one of one's own",
        parameters=[openapi.PLAYLIST_ID],
        request=PlaylistDuplicateInput,
        responses={201: PlaylistSerializer, **EDIT_ERRORS},
    )
    def post(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistDuplicateInput)
        options = {k: v for k, v in data.items() if v not in (None, "")}
        copy = services.playlist_duplicate(actor=actor, playlist=playlist, **options)
        return _shown(copy, actor, code=status.HTTP_201_CREATED)


class PlaylistItemView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Remove an item; the items after it move up",
        parameters=[openapi.PLAYLIST_ID, openapi.ITEM_ID],
        request=PlaylistEditorInput,
        responses={200: SuccessSerializer, **EDIT_ERRORS},
    )
    def delete(self, request, playlist_id, item_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistEditorInput)
        services.playlist_item_remove(
            actor=actor,
            playlist=playlist,
            item_id=_item(playlist, item_id).pk,
            expected_version=data.get("expected_version"),
        )
        return Response({"success": True})


class PlaylistItemMoveView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Move an item to a new position; the items between close up",
        parameters=[openapi.PLAYLIST_ID, openapi.ITEM_ID],
        request=PlaylistMoveInput,
        responses={200: PlaylistItemSerializer, **EDIT_ERRORS},
    )
    def post(self, request, playlist_id, item_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistMoveInput)
        item = services.playlist_item_move(
            actor=actor,
            playlist=playlist,
            item_id=_item(playlist, item_id).pk,
            position=data["position"],
            expected_version=data.get("expected_version"),
        )
        return Response(PlaylistItemSerializer(_items(playlist, actor).get(pk=item.pk)).data)


class UserPlaylistListView(LegacyAPIView):
    @openapi.paged(
        PlaylistSerializer,
        openapi.USER_ID,
        tags=TAG,
        summary="A user's playlists, newest first (all of them for the user and staff, "
        "else the public ones)",
    )
    def get(self, request, user_id):
        viewer = authenticated_user(request)
        owner = path_user(user_id)
        playlists = playlist_selectors.playlists_listed(viewer=viewer, owner_id=owner.pk)
        return paged_list(request, _with_totals(playlists, viewer), PlaylistSerializer)

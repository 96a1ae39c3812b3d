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
    serializer_context,
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


def _edit_schema(summary: str, *, request, ok, code: int = status.HTTP_200_OK, item: bool = False):
    """The schema of a write on the playlist (or, `item`, on one of its items) the path names:
    `ok` answers with `code`, and the failures of every edit."""
    return extend_schema(
        tags=TAG,
        summary=summary,
        parameters=[openapi.PLAYLIST_ID, *([openapi.ITEM_ID] if item else [])],
        request=request,
        responses={code: ok, **EDIT_ERRORS},
    )


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
            PlaylistDetailSerializer(
                _counted(playlist, viewer), context={**serializer_context(request), "items": items}
            ).data
        )

    @_edit_schema(
        "Edit a playlist's title, description, cover or visibility",
        request=PlaylistUpdateInput,
        ok=PlaylistSerializer,
    )
    def patch(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistUpdateInput, partial=True)
        expected = data.pop("expected_version", None)
        playlist = services.playlist_update(
            actor=actor, playlist=playlist, data=data, expected_version=expected
        )
        return _shown(playlist, actor)

    @_edit_schema("Delete a playlist", request=PlaylistEditorInput, ok=SuccessSerializer)
    def delete(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistEditorInput)
        services.playlist_delete(
            actor=actor, playlist=playlist, expected_version=data.get("expected_version")
        )
        return Response({"success": True})


class PlaylistTracksView(LegacyAPIView):
    @_edit_schema(
        "Add tracks at a position (default: the end); answers the new items",
        request=PlaylistTracksInput,
        ok=PlaylistItemSerializer(many=True),
        code=status.HTTP_201_CREATED,
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
            PlaylistItemSerializer(added, many=True, context=serializer_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class PlaylistOrderView(LegacyAPIView):
    @_edit_schema(
        "Reorder the whole playlist from the full list of its item ids",
        request=PlaylistOrderInput,
        ok=PlaylistSerializer,
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
    @_edit_schema(
        "Copy a public playlist (or one's own) into a new one of one's own",
        request=PlaylistDuplicateInput,
        ok=PlaylistSerializer,
        code=status.HTTP_201_CREATED,
    )
    def post(self, request, playlist_id):
        data, actor, playlist = _edit(request, playlist_id, PlaylistDuplicateInput)
        options = {k: v for k, v in data.items() if v not in (None, "")}
        copy = services.playlist_duplicate(actor=actor, playlist=playlist, **options)
        return _shown(copy, actor, code=status.HTTP_201_CREATED)


class PlaylistItemView(LegacyAPIView):
    @_edit_schema(
        "Remove an item; the items after it move up",
        request=PlaylistEditorInput,
        ok=SuccessSerializer,
        item=True,
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
    @_edit_schema(
        "Move an item to a new position; the items between close up",
        request=PlaylistMoveInput,
        ok=PlaylistItemSerializer,
        item=True,
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
        moved = _items(playlist, actor).get(pk=item.pk)
        return Response(PlaylistItemSerializer(moved, context=serializer_context(request)).data)


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

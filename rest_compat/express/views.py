"""The Express dialect's views: parse with the original's schemas, call the same services and
selectors as the legacy views (with this dialect's list rules), answer in its shapes."""

from collections.abc import Callable, Sequence
from typing import Any

from django.utils import timezone
from djangorestframework_camel_case.util import camel_to_underscore
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from musewave import search as core_search
from musewave import services
from musewave.errors import AuthenticationRequired, NotFound, ValidationFailed
from musewave.models import Track, User
from musewave.search.terms import clean_query
from musewave.selectors import albums as album_selectors
from musewave.selectors import listening as listening_selectors
from musewave.selectors import social as social_selectors
from musewave.selectors import stats as stats_selectors
from musewave.selectors import tracks as track_selectors
from musewave.selectors import users as user_selectors
from musewave.selectors.stats import TrackStats, UserStats
from musewave.selectors.tracks import TRACK_SORT_FIELDS, tracks_visible
from musewave.services.actors import acting_user_resolve
from musewave.services.users import SOCIAL_LINKS
from rest_compat.actors import authenticated_user
from rest_compat.base import client_details, login, track_visibility
from rest_compat.errors import fields_named
from rest_compat.express import serializers as s
from rest_compat.express.base import (
    DEFAULT_LIMIT,
    REPEAT_STATUS,
    SUCCESS,
    ExpressAPIView,
    body,
    leading_integer,
    listing,
    query,
    raw_body,
    show,
)
from rest_compat.express.errors import camel
from rest_compat.serializers.activity import HasLikedSerializer
from rest_compat.serializers.auth import LoginInput
from rest_compat.serializers.social import IsFollowingSerializer
from rest_compat.views.search import Q_REQUIRED

DEFAULT_SEARCH_LIMIT = 20
BOOLEANS = {"true": True, "false": False}
# The Express spelling of a track field that is stored under another name.
STORED_AS = {"user_id": "owner_id"}


def _text(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=description)


def _path(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.PATH, description=description)


USER_ID = _path("user_id", "The user's id (an unknown or malformed one is not found).")
TRACK_ID = _path("track_id", "The track's id (an unknown or malformed one is not found).")
ALBUM_ID = _path("album_id", "The album's id (an unknown or malformed one is not found).")
PAGE = [
    _text("limit", "Page size, 1–200; below 1 or unreadable: the default."),
    _text("offset", "Items to skip; unreadable or negative: 0."),
]
INVALID = OpenApiResponse(
    s.ErrorSerializer, description="Schema issues (`[issue]`) or a rule's message."
)
NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description='`{"error": "Track not found"}`, …')
DENIED = OpenApiResponse(s.ErrorSerializer, description="No or a bad token, or not the owner.")
SUCCESS_RESPONSE = OpenApiResponse(description='`{"success": true}`')
# The failures of a write by the user the body (or token) names, and of an owner's edit and delete.
ACTOR_WRITE_ERRORS = {400: INVALID, 401: DENIED, 404: NOT_FOUND}
OWNER_EDIT_ERRORS = {400: INVALID, 401: DENIED, 403: DENIED, 404: NOT_FOUND}
OWNER_DELETE_ERRORS = {401: DENIED, 403: DENIED, 404: NOT_FOUND}


def tags(name: str) -> list[str]:
    return [f"express: {name}"]


def _user_or_none(user_id: Any) -> User | None:
    try:
        return user_selectors.user_get(user_id=user_id)
    except NotFound:
        return None


def _track(request: Request, track_id: Any, *, defer: Sequence[str] = ()) -> Track:
    return track_selectors.track_get(track_id=track_id, defer=defer, **track_visibility(request))


def _track_or_none(request: Request, track_id: Any) -> Track | None:
    try:
        return _track(request, track_id)
    except NotFound:
        return None


def _actor(request: Request, claimed: Any, *, field: str, required: bool) -> User | None:
    return acting_user_resolve(
        authenticated=authenticated_user(request),
        claimed_id=claimed,
        required=required,
        field_name=field,
    )


def _acting(
    request: Request, serializer_class, *, required: bool, key: str = "user_id"
) -> tuple[dict[str, Any], User | None]:
    """The validated body and the actor it names under `key` (errors say its camelCase name)."""
    data = body(request, serializer_class)
    return data, _actor(request, data.get(key), field=camel(key), required=required)


def _paged_under(tag: str, parameter: OpenApiParameter, serializer, summary: str):
    """The schema of a list under the object in the path, a page at a time."""
    return extend_schema(
        tags=tags(tag),
        summary=summary,
        parameters=[parameter, *PAGE],
        responses={200: serializer(many=True)},
    )


def _created(created: bool) -> int:
    return status.HTTP_201_CREATED if created else REPEAT_STATUS


# --- Users ----------------------------------------------------------------------------------------


class UsersView(ExpressAPIView):
    @extend_schema(
        tags=tags("users"),
        summary="Users, oldest first",
        parameters=PAGE,
        responses={200: s.UserSerializer(many=True)},
    )
    def get(self, request):
        users = user_selectors.users_active(oldest_first=True)
        return listing(request, users, s.UserSerializer, default_limit=DEFAULT_LIMIT)

    @extend_schema(
        tags=tags("users"),
        summary="Sign a user up",
        request=s.UserCreateInput,
        responses={201: s.UserSerializer, 400: INVALID},
    )
    def post(self, request):
        data = body(request, s.UserCreateInput)
        data.update(data.pop("social_links", None) or {})
        user = services.user_create(**data)
        return show(request, s.UserSerializer, user, code=status.HTTP_201_CREATED)


class UserDetailView(ExpressAPIView):
    @extend_schema(
        tags=tags("users"),
        summary="A user",
        parameters=[USER_ID],
        responses={200: s.UserSerializer, 404: NOT_FOUND},
    )
    def get(self, request, user_id):
        return show(request, s.UserSerializer, user_selectors.user_get(user_id=user_id))

    @extend_schema(
        tags=tags("users"),
        summary="Change a user; socialLinks replaces every link",
        parameters=[USER_ID],
        request=s.UserUpdateInput,
        responses={200: s.UserSerializer, **OWNER_EDIT_ERRORS},
    )
    def patch(self, request, user_id):
        user = user_selectors.user_get(user_id=user_id)
        data = body(request, s.UserUpdateInput, partial=True)
        if "social_links" in data:
            links = data.pop("social_links") or {}
            data.update({name: links.get(name) for name in SOCIAL_LINKS})
        user = services.user_update(actor=authenticated_user(request), user=user, data=data)
        return show(request, s.UserSerializer, user)


class UserByUsernameView(ExpressAPIView):
    @extend_schema(
        tags=tags("users"),
        summary="A user by username",
        parameters=[_path("username", "The username.")],
        responses={200: s.UserSerializer, 404: NOT_FOUND},
    )
    def get(self, request, username):
        user = user_selectors.user_get_by_username(username=username)
        return show(request, s.UserSerializer, user)


class UserStatsView(ExpressAPIView):
    @extend_schema(
        tags=tags("users"),
        summary="A user's statistics (zeros for an unknown user)",
        parameters=[USER_ID],
        responses={200: s.UserStatsSerializer},
    )
    def get(self, request, user_id):
        user = _user_or_none(user_id)
        if user is None:
            figures = UserStats(
                user_id=user_id,
                total_tracks=0,
                total_plays=0,
                total_likes=0,
                total_downloads=0,
                total_followers=0,
                total_following=0,
                monthly_listeners=0,
                updated_at=timezone.now(),
            )
        else:
            figures = stats_selectors.user_stats(user=user, **track_visibility(request))
        return show(request, s.UserStatsSerializer, figures)


class ArtistsView(ExpressAPIView):
    @extend_schema(
        tags=tags("users"),
        summary="Users owning a track the requester may see, oldest first",
        parameters=PAGE,
        responses={200: s.UserSerializer(many=True)},
    )
    def get(self, request):
        artists = user_selectors.users_with_tracks(
            tracks=tracks_visible(**track_visibility(request)), oldest_first=True
        )
        return listing(request, artists, s.UserSerializer)


# --- Tracks ---------------------------------------------------------------------------------------

TRACK_LIST_PARAMETERS = [
    _text("userId", "Only this user's tracks."),
    _text("genre", "Case-insensitive whole genre."),
    _text("mood", "Case-insensitive whole mood."),
    _text("tags", "Comma-separated; a track needs any of them."),
    _text("published", "`true` or `false`; anything else is no filter."),
    _text("sortBy", "A track field (default createdAt); an unknown one: storage order."),
    _text("sortOrder", "`asc` ascends; anything else descends."),
    *PAGE,
]


def _track_list_arguments(request: Request) -> dict[str, Any]:
    """The Express query parameters as `tracks_filtered` arguments: every track field sorts,
    `asc` is the only ascending order, any listed tag matches, bad values are no filter."""
    sort_by = camel_to_underscore(query(request, "sortBy") or "createdAt")
    sort_by = STORED_AS.get(sort_by, sort_by)
    return {
        "owner_id": query(request, "userId") or None,
        "genre": query(request, "genre") or None,
        "mood": query(request, "mood") or None,
        "tags": query(request, "tags") or (),
        "published": BOOLEANS.get(query(request, "published")),
        "order_by": sort_by if sort_by in TRACK_SORT_FIELDS else None,
        "descending": query(request, "sortOrder") != "asc",
        "tags_match": "any",
        "locale_text": True,
        "ties_oldest_first": True,
    }


class TracksView(ExpressAPIView):
    @extend_schema(
        tags=tags("tracks"),
        summary="Tracks, filtered and sorted (newest first by default)",
        parameters=TRACK_LIST_PARAMETERS,
        responses={200: s.TrackSerializer(many=True)},
    )
    def get(self, request):
        with fields_named({"owner_id": "userId"}):
            tracks = track_selectors.tracks_filtered(
                **track_visibility(request), **_track_list_arguments(request)
            )
        return listing(request, tracks, s.TrackSerializer, default_limit=DEFAULT_LIMIT)

    @extend_schema(
        tags=tags("tracks"),
        summary="Upload a track's metadata",
        request=s.TrackCreateInput,
        responses={201: s.TrackSerializer, **ACTOR_WRITE_ERRORS},
    )
    def post(self, request):
        data = body(request, s.TrackCreateInput)
        owner = _actor(request, data.pop("user_id"), field="userId", required=True)
        track = services.track_create(actor=owner, **data)
        return show(request, s.TrackSerializer, track, code=status.HTTP_201_CREATED)


class TrackDetailView(ExpressAPIView):
    @extend_schema(
        tags=tags("tracks"),
        summary="A track",
        parameters=[TRACK_ID],
        responses={200: s.TrackSerializer, 404: NOT_FOUND},
    )
    def get(self, request, track_id):
        track = _track(request, track_id, defer=s.TrackSerializer.unshown_fields)
        return show(request, s.TrackSerializer, track)

    @extend_schema(
        tags=tags("tracks"),
        summary="Edit a track (validated before the lookup); publishing stamps publishedAt",
        parameters=[TRACK_ID],
        request=s.TrackUpdateInput,
        responses={200: s.TrackSerializer, **OWNER_EDIT_ERRORS},
    )
    def patch(self, request, track_id):
        data = body(request, s.TrackUpdateInput, partial=True, required=True)
        track = services.track_update(
            actor=authenticated_user(request),
            track=_track(request, track_id),
            data=data,
            touch=True,
        )
        return show(request, s.TrackSerializer, track)

    @extend_schema(
        tags=tags("tracks"),
        summary="Delete a track with its likes, plays and downloads",
        parameters=[TRACK_ID],
        request=None,
        responses={200: SUCCESS_RESPONSE, **OWNER_DELETE_ERRORS},
    )
    def delete(self, request, track_id):
        services.track_delete(actor=authenticated_user(request), track=_track(request, track_id))
        return Response(SUCCESS)


class TrackStatsView(ExpressAPIView):
    @extend_schema(
        tags=tags("tracks"),
        summary="A track's statistics (zeros for an unknown track)",
        parameters=[TRACK_ID],
        responses={200: s.TrackStatsSerializer},
    )
    def get(self, request, track_id):
        track = _track_or_none(request, track_id)
        if track is None:
            figures = TrackStats(track_id=track_id, updated_at=timezone.now())
        else:
            figures = stats_selectors.track_stats(track=track)
        return show(request, s.TrackStatsSerializer, figures)


# --- Albums ---------------------------------------------------------------------------------------


class UserAlbumsView(ExpressAPIView):
    @_paged_under("albums", USER_ID, s.AlbumSerializer, "A user's albums, oldest first")
    def get(self, request, user_id):
        albums = album_selectors.albums_of(owner_id=user_id, oldest_first=True)
        return listing(request, albums, s.AlbumSerializer)


class AlbumsView(ExpressAPIView):
    @extend_schema(
        tags=tags("albums"),
        summary="Create an album from the owner's tracks (trackIds required, may be [])",
        request=s.AlbumCreateInput,
        responses={201: s.AlbumSerializer, **ACTOR_WRITE_ERRORS},
    )
    def post(self, request):
        data = body(request, s.AlbumCreateInput)
        if not isinstance(raw_body(request).get("track_ids"), list):
            raise ValidationFailed("trackIds must be an array")
        owner = _actor(request, data.pop("user_id"), field="userId", required=True)
        album = services.album_create(actor=owner, track_ids=data.pop("track_ids"), **data)
        return show(request, s.AlbumSerializer, album, code=status.HTTP_201_CREATED)


class AlbumDetailView(ExpressAPIView):
    @extend_schema(
        tags=tags("albums"),
        summary="An album with its tracks, oldest first",
        parameters=[ALBUM_ID],
        responses={200: s.AlbumDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request, album_id):
        album = album_selectors.album_get(album_id=album_id)
        tracks = track_selectors.tracks_filtered(
            album_id=album.pk, order_by=None, **track_visibility(request)
        )
        return show(request, s.AlbumDetailSerializer, album, tracks=tracks)

    @extend_schema(
        tags=tags("albums"),
        summary="Edit an album (trackIds changes nothing)",
        parameters=[ALBUM_ID],
        request=s.AlbumUpdateInput,
        responses={200: s.AlbumSerializer, **OWNER_EDIT_ERRORS},
    )
    def patch(self, request, album_id):
        album = album_selectors.album_get(album_id=album_id)
        data = body(request, s.AlbumUpdateInput, partial=True)
        album = services.album_update(actor=authenticated_user(request), album=album, data=data)
        return show(request, s.AlbumSerializer, album)

    @extend_schema(
        tags=tags("albums"),
        summary="Delete an album; its tracks stay, without an album",
        parameters=[ALBUM_ID],
        request=None,
        responses={200: SUCCESS_RESPONSE, **OWNER_DELETE_ERRORS},
    )
    def delete(self, request, album_id):
        album = album_selectors.album_get(album_id=album_id)
        services.album_delete(actor=authenticated_user(request), album=album)
        return Response(SUCCESS)


# --- Likes, downloads, plays ----------------------------------------------------------------------


class HasLikedView(ExpressAPIView):
    @extend_schema(
        tags=tags("likes, plays and downloads"),
        summary="Whether a user likes a track (false for an unknown or hidden one)",
        parameters=[TRACK_ID, USER_ID],
        responses={200: HasLikedSerializer, 400: INVALID},
    )
    def get(self, request, track_id, user_id):
        track, user = _track_or_none(request, track_id), _user_or_none(user_id)
        liked = bool(track and user) and social_selectors.like_exists(track=track, user=user)
        return Response({"has_liked": liked})


class TrackLikeView(ExpressAPIView):
    @extend_schema(
        tags=tags("likes, plays and downloads"),
        summary="Like a track; a repeat answers 201 with the existing like",
        parameters=[TRACK_ID],
        request=s.UserActorInput,
        responses={201: s.LikeSerializer, **ACTOR_WRITE_ERRORS},
    )
    def post(self, request, track_id):
        track = _track(request, track_id)
        _, actor = _acting(request, s.UserActorInput, required=True)
        like, created = services.like_create(actor=actor, track=track)
        return show(request, s.LikeSerializer, like, code=_created(created))

    @extend_schema(
        tags=tags("likes, plays and downloads"),
        summary="Take a like back",
        parameters=[TRACK_ID],
        request=s.UserActorInput,
        responses={200: SUCCESS_RESPONSE, **ACTOR_WRITE_ERRORS},
    )
    def delete(self, request, track_id):
        track = _track(request, track_id)
        _, actor = _acting(request, s.UserActorInput, required=True)
        services.like_delete(actor=actor, track=track)
        return Response(SUCCESS)


# How a list finds the object its path parameter names (None for an unknown one).
_OWNERS: dict[str, Callable[[Request, Any], Any]] = {
    "user_id": lambda request, user_id: _user_or_none(user_id),
    "track_id": _track_or_none,
}


def _rows_under_view(
    name: str, tag: str, parameter: OpenApiParameter, serializer, summary: str, rows: Callable
) -> type[ExpressAPIView]:
    """The view class `name` whose GET answers `rows(request, owner)` a page at a time, `owner`
    the user or track `parameter` names, or `[]` for an unknown one, as the original answers."""
    find = _OWNERS[parameter.name]

    @_paged_under(tag, parameter, serializer, summary)
    def get(self, request, **path):
        owner = find(request, path[parameter.name])
        if owner is None:
            return Response([])
        return listing(request, rows(request, owner), serializer)

    return type(name, (ExpressAPIView,), {"__module__": __name__, "__qualname__": name, "get": get})


UserLikesView = _rows_under_view(
    "UserLikesView",
    "likes, plays and downloads",
    USER_ID,
    s.LikeSerializer,
    "A user's likes, oldest first ([] for an unknown user)",
    lambda request, user: social_selectors.likes_of(
        user_id=user.pk, oldest_first=True, **track_visibility(request)
    ),
)


class TrackDownloadView(ExpressAPIView):
    @extend_schema(
        tags=tags("likes, plays and downloads"),
        summary="Record a download (anonymous without userId)",
        parameters=[TRACK_ID],
        request=s.UserActorInput,
        responses={201: s.DownloadSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, track_id):
        track = _track(request, track_id)
        _, actor = _acting(request, s.UserActorInput, required=False)
        download = services.download_record(actor=actor, track=track, **client_details(request))
        return show(
            request, s.DownloadSerializer, download, code=status.HTTP_201_CREATED, viewer=actor
        )


TrackDownloadsView = _rows_under_view(
    "TrackDownloadsView",
    "likes, plays and downloads",
    TRACK_ID,
    s.DownloadSerializer,
    "A track's downloads, oldest first ([] for an unknown track)",
    lambda request, track: listening_selectors.downloads_of(track_id=track.pk, oldest_first=True),
)


class TrackPlayView(ExpressAPIView):
    @extend_schema(
        tags=tags("likes, plays and downloads"),
        summary="Record a listen; a replay within the replay window answers the counted play",
        parameters=[TRACK_ID],
        request=s.PlayInput,
        responses={201: s.PlaySerializer, 400: INVALID, 404: NOT_FOUND, 429: INVALID},
    )
    def post(self, request, track_id):
        track = _track(request, track_id)
        data, actor = _acting(request, s.PlayInput, required=False)
        play, created = services.play_record(
            actor=actor,
            track=track,
            duration=data.get("duration", 0),
            completed=data.get("completed", False),
            **client_details(request),
        )
        return show(request, s.PlaySerializer, play, code=_created(created), viewer=actor)


TrackPlaysView = _rows_under_view(
    "TrackPlaysView",
    "likes, plays and downloads",
    TRACK_ID,
    s.PlaySerializer,
    "A track's plays, oldest first ([] for an unknown track)",
    lambda request, track: listening_selectors.plays_of(track_id=track.pk, oldest_first=True),
)


UserPlaysView = _rows_under_view(
    "UserPlaysView",
    "likes, plays and downloads",
    USER_ID,
    s.PlaySerializer,
    "Plays where the user is the listener, oldest first",
    lambda request, user: listening_selectors.plays_of(
        user_id=user.pk, oldest_first=True, **track_visibility(request)
    ),
)


# --- Follows --------------------------------------------------------------------------------------


class FollowView(ExpressAPIView):
    @extend_schema(
        tags=tags("follows"),
        summary="Follow the user in the path; a repeat answers 201 with the existing follow",
        parameters=[USER_ID],
        request=s.FollowerActorInput,
        responses={201: s.FollowSerializer, **ACTOR_WRITE_ERRORS},
    )
    def post(self, request, user_id):
        following = user_selectors.user_get(user_id=user_id)
        _, follower = _acting(request, s.FollowerActorInput, required=True, key="follower_id")
        follow, created = services.follow_create(actor=follower, following=following)
        return show(request, s.FollowSerializer, follow, code=_created(created))

    @extend_schema(
        tags=tags("follows"),
        summary="Stop following the user in the path",
        parameters=[USER_ID],
        request=s.FollowerActorInput,
        responses={200: SUCCESS_RESPONSE, **ACTOR_WRITE_ERRORS},
    )
    def delete(self, request, user_id):
        following = user_selectors.user_get(user_id=user_id)
        _, follower = _acting(request, s.FollowerActorInput, required=True, key="follower_id")
        services.follow_delete(actor=follower, following=following)
        return Response(SUCCESS)


class IsFollowingView(ExpressAPIView):
    @extend_schema(
        tags=tags("follows"),
        summary="Whether followerId follows the user in the path (false for unknown users)",
        parameters=[USER_ID, _path("follower_id", "The id of the user who may follow.")],
        responses={200: IsFollowingSerializer, 400: INVALID},
    )
    def get(self, request, user_id, follower_id):
        following, follower = _user_or_none(user_id), _user_or_none(follower_id)
        is_following = bool(following and follower) and social_selectors.follow_exists(
            follower=follower, following=following
        )
        return Response({"is_following": is_following})


FollowersView = _rows_under_view(
    "FollowersView",
    "follows",
    USER_ID,
    s.FollowSerializer,
    "Follows whose followingId is the user, oldest first",
    lambda request, user: social_selectors.follows_of(following_id=user.pk, oldest_first=True),
)


FollowingView = _rows_under_view(
    "FollowingView",
    "follows",
    USER_ID,
    s.FollowSerializer,
    "Follows whose followerId is the user, oldest first",
    lambda request, user: social_selectors.follows_of(follower_id=user.pk, oldest_first=True),
)


# --- Authentication -----------------------------------------------------------------------------


class LoginView(ExpressAPIView):
    @extend_schema(
        tags=tags("authentication"),
        summary="Exchange a username (or email) and password for tokens",
        request=LoginInput,
        responses={200: s.LoginSerializer, 400: INVALID, 401: DENIED, 429: INVALID},
    )
    def post(self, request):
        user, tokens = login(request, body(request, LoginInput))
        return show(request, s.LoginSerializer, {"token": tokens, "user": user}, viewer=user)


class MeView(ExpressAPIView):
    @extend_schema(
        tags=tags("authentication"),
        summary="The user the access token belongs to",
        responses={200: s.UserSerializer, 401: DENIED},
    )
    def get(self, request):
        user = authenticated_user(request)
        if user is None:
            raise AuthenticationRequired("Authentication credentials were not provided.")
        return show(request, s.UserSerializer, user)


# --- Search ---------------------------------------------------------------------------------------


class SearchView(ExpressAPIView):
    @extend_schema(
        tags=tags("search"),
        summary="Published tracks and users matching q, best first",
        parameters=[
            _text("q", "The search text (required; blank finds nothing)."),
            _text("type", "all (default), tracks or users; anything else: all."),
            _text("limit", "Results per list (20); below 1 or unreadable: 20."),
        ],
        responses={200: s.SearchResultsSerializer, 400: INVALID},
    )
    def get(self, request):
        text = query(request, "q")
        if not text:
            raise ValidationFailed(Q_REQUIRED)
        if not clean_query(text):
            return Response({"tracks": [], "users": []})
        kind = query(request, "type")
        limit = leading_integer(query(request, "limit"))
        limit = DEFAULT_SEARCH_LIMIT if limit is None or limit < 1 else limit
        results = core_search.search(
            query=text,
            type=kind if kind in ("tracks", "users") else "all",
            limit=min(limit, core_search.MAX_LIMIT),
            viewer=None,
            track_defer=s.TrackSerializer.unshown_fields,
        )
        return show(request, s.SearchResultsSerializer, results)

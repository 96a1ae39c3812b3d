"""The legacy URL table. Each path answers with and without its trailing slash, directly: a
redirect would lose the body of a POST or PATCH."""

import re

from django.http import JsonResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from rest_compat.errors import NOT_FOUND_MESSAGE
from rest_compat.views import (
    activity,
    albums,
    auth,
    live,
    media,
    playlists,
    search,
    social,
    tracks,
    users,
)

app_name = "rest_compat"

_PARAMETER = re.compile(r"<(\w+)>")


def legacy_path(documented: str, view, name: str) -> URLPattern:
    """A route for `documented` (e.g. "users/<user_id>/") that also answers the other slash form.

    The optional slash of a path documented without one is a non-capturing group, which the
    OpenAPI generator leaves out, so the description shows each path as documented.
    """
    stem = documented.rstrip("/")
    # A parameter never holds a NUL character, which PostgreSQL text cannot store or compare.
    pattern = _PARAMETER.sub(r"(?P<\1>[^/\\x00]+)", stem)
    slash = "/?" if documented.endswith("/") else "(?:/)?"
    return re_path(f"^{pattern}{slash}$", view.as_view(), name=name)


@csrf_exempt
def unknown_path(request, *args, **kwargs) -> JsonResponse:
    """Any other path under the API answers the legacy JSON 404, whatever the method."""
    return JsonResponse({"message": NOT_FOUND_MESSAGE}, status=404)


urlpatterns = [
    re_path(r"^openapi\.json$", SpectacularJSONAPIView.as_view(), name="openapi"),
    # Swagger UI with its start-up script served apart (?script): no inline script on the page.
    re_path(
        r"^docs/?$",
        SpectacularSwaggerSplitView.as_view(url_name="rest_compat:openapi"),
        name="docs",
    ),
    # Users. Fixed words ("create", "username") come before the <user_id> they would match.
    legacy_path("users/", users.UserListView, "user-list"),
    legacy_path("users/create/", users.UserCreateView, "user-create"),
    legacy_path("users/username/<username>/", users.UserByUsernameView, "user-by-username"),
    legacy_path("users/<user_id>/", users.UserDetailView, "user-detail"),
    legacy_path("users/<user_id>/update/", users.UserUpdateView, "user-update"),
    legacy_path("users/<user_id>/stats/", users.UserStatsView, "user-stats"),
    legacy_path("users/<user_id>/albums", albums.UserAlbumListView, "user-albums"),
    legacy_path("users/<user_id>/likes/", activity.UserLikesView, "user-likes"),
    legacy_path("users/<user_id>/plays/", activity.UserPlaysView, "user-plays"),
    legacy_path("users/<user_id>/follow/", social.FollowView, "user-follow"),
    legacy_path("users/<user_id>/follow/delete/", social.UnfollowView, "user-unfollow"),
    legacy_path("users/<user_id>/follow/<follower_id>/", social.IsFollowingView, "is-following"),
    legacy_path("users/<user_id>/followers/", social.FollowersView, "user-followers"),
    legacy_path("users/<user_id>/following/", social.FollowingView, "user-following"),
    legacy_path("users/<user_id>/playlists/", playlists.UserPlaylistListView, "user-playlists"),
    legacy_path("artists/", users.ArtistListView, "artist-list"),
    # Tracks
    legacy_path("tracks/", tracks.TrackListView, "track-list"),
    legacy_path("tracks/create/", tracks.TrackCreateView, "track-create"),
    legacy_path("tracks/upload/", tracks.TrackUploadView, "track-upload"),
    legacy_path("tracks/<track_id>/", tracks.TrackDetailView, "track-detail"),
    legacy_path("tracks/<track_id>/update/", tracks.TrackUpdateView, "track-update"),
    legacy_path("tracks/<track_id>/delete/", tracks.TrackDeleteView, "track-delete"),
    legacy_path("tracks/<track_id>/stats/", tracks.TrackStatsView, "track-stats"),
    legacy_path("tracks/<track_id>/like/", activity.TrackLikeView, "track-like"),
    legacy_path("tracks/<track_id>/like/delete/", activity.TrackUnlikeView, "track-unlike"),
    legacy_path("tracks/<track_id>/like/<user_id>/", activity.HasLikedView, "has-liked"),
    legacy_path("tracks/<track_id>/download/", activity.TrackDownloadView, "track-download"),
    legacy_path("tracks/<track_id>/downloads/", activity.TrackDownloadsView, "track-downloads"),
    legacy_path("tracks/<track_id>/play/", activity.TrackPlayView, "track-play"),
    legacy_path("tracks/<track_id>/plays/", activity.TrackPlaysView, "track-plays"),
    legacy_path("tracks/<track_id>/repost/", live.TrackRepostView, "track-repost"),
    # Media (new paths): the stream players load, a signed link to it, the download
    legacy_path("tracks/<track_id>/stream/", media.TrackStreamView, "track-stream"),
    legacy_path("tracks/<track_id>/stream-url/", media.TrackStreamURLView, "track-stream-url"),
    legacy_path("tracks/<track_id>/file/", media.TrackFileView, "track-file"),
    # Albums
    legacy_path("albums", albums.AlbumCreateView, "album-create"),
    legacy_path("albums/<album_id>", albums.AlbumDetailView, "album-detail"),
    legacy_path("albums/<album_id>/update", albums.AlbumUpdateView, "album-update"),
    legacy_path("albums/<album_id>/delete", albums.AlbumDeleteView, "album-delete"),
    # Playlists (new paths)
    legacy_path("playlists/", playlists.PlaylistListView, "playlist-list"),
    legacy_path("playlists/<playlist_id>/", playlists.PlaylistDetailView, "playlist-detail"),
    legacy_path("playlists/<playlist_id>/tracks/", playlists.PlaylistTracksView, "playlist-tracks"),
    legacy_path("playlists/<playlist_id>/order/", playlists.PlaylistOrderView, "playlist-order"),
    legacy_path(
        "playlists/<playlist_id>/duplicate/", playlists.PlaylistDuplicateView, "playlist-duplicate"
    ),
    legacy_path(
        "playlists/<playlist_id>/items/<item_id>/", playlists.PlaylistItemView, "playlist-item"
    ),
    legacy_path(
        "playlists/<playlist_id>/items/<item_id>/move/",
        playlists.PlaylistItemMoveView,
        "playlist-item-move",
    ),
    # Authentication
    legacy_path("auth/login/", auth.LoginView, "auth-login"),
    legacy_path("auth/refresh/", auth.RefreshView, "auth-refresh"),
    legacy_path("auth/logout/", auth.LogoutView, "auth-logout"),
    legacy_path("auth/me/", auth.MeView, "auth-me"),
    # Search
    legacy_path("search/", search.SearchView, "search"),
    legacy_path("search/rebuild/", search.SearchRebuildView, "search-rebuild"),
    # Notifications and the feed (new paths, token required)
    legacy_path("notifications/", live.NotificationListView, "notification-list"),
    legacy_path("notifications/read/", live.NotificationReadView, "notification-read"),
    legacy_path("feed/", live.FeedView, "feed"),
    re_path(r"^", unknown_path, name="unknown-path"),
]

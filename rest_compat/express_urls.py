"""The Express dialect's URL table (`/api/…`). Paths match case-insensitively and answer with
and without a trailing slash, directly (no redirect)."""

import re

from django.http import JsonResponse
from django.urls import URLPattern, include, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from rest_compat.express import views
from rest_compat.express.base import express_view
from rest_compat.express.errors import NOT_FOUND
from rest_compat.views import auth, search

app_name = "express"


def express_path(documented: str, view, name: str, *, any_case: bool = True) -> URLPattern:
    """A route for `documented` (e.g. "users/:user_id"), in either case, with or without a
    trailing slash. A parameter never holds a slash or a NUL character.

    Letters match in either case through character classes (an inline flag would make the
    URL table irreversible); the OpenAPI description is made from the same table with
    `any_case=False`. The optional slash is a non-capturing group the generator leaves out, so
    each path shows as documented.
    """
    segments = [
        f"(?P<{part[1:]}>[^/\\x00]+)" if part.startswith(":") else any_case_regex(part, any_case)
        for part in documented.split("/")
    ]
    return re_path(f"^{'/'.join(segments)}(?:/)?$", view.as_view(), name=name)


def any_case_regex(text: str, any_case: bool = True) -> str:
    """A regex matching `text` literally, each letter in either case when `any_case`."""
    if not any_case:
        return re.escape(text)
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in text)


@csrf_exempt
def unknown_path(request, *args, **kwargs) -> JsonResponse:
    """Any other path under /api/ answers this dialect's JSON 404, whatever the method."""
    return JsonResponse({"error": NOT_FOUND}, status=404)


ROUTES = [
    # Users. Fixed words ("username") come before the :user_id they would match.
    ("users", views.UsersView, "users"),
    ("users/username/:username", views.UserByUsernameView, "user-by-username"),
    ("users/:user_id", views.UserDetailView, "user-detail"),
    ("users/:user_id/stats", views.UserStatsView, "user-stats"),
    ("users/:user_id/albums", views.UserAlbumsView, "user-albums"),
    ("users/:user_id/likes", views.UserLikesView, "user-likes"),
    ("users/:user_id/plays", views.UserPlaysView, "user-plays"),
    ("users/:user_id/follow", views.FollowView, "user-follow"),
    ("users/:user_id/follow/:follower_id", views.IsFollowingView, "is-following"),
    ("users/:user_id/followers", views.FollowersView, "user-followers"),
    ("users/:user_id/following", views.FollowingView, "user-following"),
    ("artists", views.ArtistsView, "artists"),
    # Tracks
    ("tracks", views.TracksView, "tracks"),
    ("tracks/:track_id", views.TrackDetailView, "track-detail"),
    ("tracks/:track_id/stats", views.TrackStatsView, "track-stats"),
    ("tracks/:track_id/like", views.TrackLikeView, "track-like"),
    ("tracks/:track_id/like/:user_id", views.HasLikedView, "has-liked"),
    ("tracks/:track_id/download", views.TrackDownloadView, "track-download"),
    ("tracks/:track_id/downloads", views.TrackDownloadsView, "track-downloads"),
    ("tracks/:track_id/play", views.TrackPlayView, "track-play"),
    ("tracks/:track_id/plays", views.TrackPlaysView, "track-plays"),
    # Albums
    ("albums", views.AlbumsView, "albums"),
    ("albums/:album_id", views.AlbumDetailView, "album-detail"),
    # Search
    ("search", views.SearchView, "search"),
    ("search/rebuild", express_view(search.SearchRebuildView), "search-rebuild"),
    # Authentication, as in the legacy dialect (camelCase: usernameOrEmail)
    ("auth/login", views.LoginView, "auth-login"),
    ("auth/refresh", express_view(auth.RefreshView), "auth-refresh"),
    ("auth/logout", express_view(auth.LogoutView), "auth-logout"),
    ("auth/me", views.MeView, "auth-me"),
]

routes = [express_path(*route) for route in ROUTES]
# The description covers exactly these routes, under /api/, with camelCase fields.
DESCRIBED = [
    re_path(r"^api/", include(([express_path(*r, any_case=False) for r in ROUTES], app_name)))
]
OPENAPI_SETTINGS = {
    "TITLE": "MuseWave REST API, Express dialect",
    "DESCRIPTION": "The original Express server's API (`/api/…`): camelCase JSON, unset "
    "fields absent, timestamps in milliseconds; the same MuseWave core as `/musewave/`.",
    "PREPROCESSING_HOOKS": [],
    "TAGS": [
        {"name": f"express: {name}", "description": description}
        for name, description in (
            ("users", "Profiles, sign-up, artists and user statistics."),
            ("tracks", "Tracks: list, upload, edit, delete, statistics."),
            ("albums", "Albums of an owner's tracks."),
            ("likes, plays and downloads", "Listening activity; each moves a counter."),
            ("follows", "Who follows whom."),
            ("search", "Search over published tracks and users."),
            ("authentication", "Bearer tokens: log in, refresh, log out."),
        )
    ],
    "POSTPROCESSING_HOOKS": [
        "rest_compat.openapi.document_servers",
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "rest_compat.openapi.absent_instead_of_null",
    ],
}

urlpatterns = [
    re_path(
        r"^openapi\.json$",
        SpectacularJSONAPIView.as_view(patterns=DESCRIBED, custom_settings=OPENAPI_SETTINGS),
        name="openapi",
    ),
    # Swagger UI with its start-up script served apart (?script): no inline script on the page.
    re_path(
        r"^docs/?$",
        SpectacularSwaggerSplitView.as_view(
            url="/api/openapi.json", title=OPENAPI_SETTINGS["TITLE"]
        ),
        name="docs",
    ),
    *routes,
    re_path(r"^", unknown_path, name="unknown-path"),
]

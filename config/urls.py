"""Top-level URLs: the admin, GraphQL, both REST dialects, the operations endpoints and,
in development, the uploaded media."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from config import health, metrics
from schema.views import graphql_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql", graphql_view()),
    path("graphql/", graphql_view()),
    path("musewave/", include("rest_compat.urls")),
    re_path(r"^health/live/?$", health.live, name="health-live"),
    re_path(r"^health/ready/?$", health.ready, name="health-ready"),
    re_path(r"^metrics/?$", metrics.metrics, name="metrics"),
    # The Express dialect's paths match in either case, /API/Users too.
    re_path(r"^[aA][pP][iI]/", include("rest_compat.express_urls")),
]

# An internal error answers JSON carrying the request id, and nothing else about the error.
handler500 = "config.errors.server_error"


def serve_media(request, path: str):
    """A stored file from MEDIA_ROOT (read when asked, as tests move it)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG and settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Development only: WhiteNoise serves static files, never media; production serves
    # MEDIA_ROOT from nginx (or object storage). See the README.
    media_prefix = urlsplit(settings.MEDIA_URL).path.strip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}/(?P<path>.*)$", serve_media, name="media"))

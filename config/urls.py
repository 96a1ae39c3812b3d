"""Top-level URLs: the admin, the GraphQL API and the legacy REST API (and, in development,
the uploaded media)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from schema.views import graphql_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql", graphql_view()),
    path("graphql/", graphql_view()),
    path("musewave/", include("rest_compat.urls")),
]

if settings.DEBUG and settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Development only: production serves MEDIA_ROOT from the web server or object storage.
    media_prefix = urlsplit(settings.MEDIA_URL).path.strip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

"""Top-level URLs: the admin, GraphQL, both REST dialects and the operations endpoints."""

from django.contrib import admin
from django.urls import include, path, re_path

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

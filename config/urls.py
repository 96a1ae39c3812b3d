"""Top-level URLs: the admin, the GraphQL API and the REST API in its two dialects."""

from django.contrib import admin
from django.urls import include, path, re_path

from schema.views import graphql_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql", graphql_view()),
    path("graphql/", graphql_view()),
    path("musewave/", include("rest_compat.urls")),
    # The Express dialect's paths match in either case, /API/Users too.
    re_path(r"^[aA][pP][iI]/", include("rest_compat.express_urls")),
]

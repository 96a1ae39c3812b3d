"""Top-level URLs: the admin, the GraphQL API and the legacy REST API."""

from django.contrib import admin
from django.urls import include, path

from schema.views import graphql_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql", graphql_view()),
    path("graphql/", graphql_view()),
    path("musewave/", include("rest_compat.urls")),
]

"""Top-level URLs: the admin, the GraphQL API and the legacy REST API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("musewave/", include("rest_compat.urls")),
]

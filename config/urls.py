"""Top-level URLs: the admin, the GraphQL API and the legacy REST API."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]

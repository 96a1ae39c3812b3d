"""Views of each layer that report who `request.user` is, for tests/core/test_identity.py."""

import strawberry
from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView
from strawberry.django.views import GraphQLView
from strawberry_django.permissions import IsAuthenticated

from config.urls import urlpatterns as project_urlpatterns


def _name(user) -> str | None:
    return user.username if user is not None and user.is_authenticated else None


def django_view(request):
    return JsonResponse({"user": _name(request.user)})


class DRFView(APIView):
    def get(self, request):
        return Response({"user": _name(request.user), "django": _name(request._request.user)})


@strawberry.type
class Query:
    @strawberry.field(extensions=[IsAuthenticated()])
    def whoami(self, info: strawberry.Info) -> str:
        return info.context.request.user.username


urlpatterns = [
    path("probe/django/", django_view),
    path("probe/drf/", DRFView.as_view()),
    path("probe/graphql/", GraphQLView.as_view(schema=strawberry.Schema(query=Query))),
    *project_urlpatterns,
]

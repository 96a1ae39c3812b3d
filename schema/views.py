"""The `/graphql` endpoint."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from musewave.errors import AuthenticationRequired
from musewave.services.auth import user_from_authorization_header
from schema.core.viewer import VIEWER_ATTRIBUTE
from schema.schema import schema


class MusewaveGraphQLView(GraphQLView):
    """Authenticates `Authorization: Bearer <access>` first: a missing header is anonymous, a
    bad, expired or revoked token is a 401 before any resolver runs, never silently anonymous."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            viewer = user_from_authorization_header(header=request.META.get("HTTP_AUTHORIZATION"))
        except AuthenticationRequired as exc:
            body = {
                "data": None,
                "errors": [{"message": exc.message, "extensions": {"code": exc.code}}],
            }
            response = JsonResponse(body, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="musewave"'
            return response
        setattr(request, VIEWER_ATTRIBUTE, viewer)
        return super().dispatch(request, *args, **kwargs)


def graphql_view():
    """Queries by GET or POST, mutations by POST only; GraphiQL only when `GRAPHIQL` is on.

    No CSRF token is needed: the viewer comes from a bearer token, never a cookie, so a forged
    cross-site request carries no identity.
    """
    return csrf_exempt(
        MusewaveGraphQLView.as_view(
            schema=schema,
            graphql_ide="graphiql" if settings.GRAPHIQL else None,
            allow_queries_via_get=True,
        )
    )

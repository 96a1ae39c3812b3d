"""The `/graphql` endpoint."""

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from schema.schema import schema


def graphql_view():
    """Queries by GET or POST, mutations by POST only; GraphiQL only when `GRAPHIQL` is on.

    No CSRF token is needed: the view accepts JSON bodies only (form and multipart posts are
    refused), and a browser sends JSON cross-site only after a CORS preflight, which only the
    configured origins pass.
    """
    return csrf_exempt(
        GraphQLView.as_view(
            schema=schema,
            graphql_ide="graphiql" if settings.GRAPHIQL else None,
            allow_queries_via_get=True,
        )
    )

"""The `/graphql` endpoint."""

import re

import orjson
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import DjangoHTTPRequestAdapter, GraphQLView
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from musewave.errors import AuthenticationRequired
from musewave.services.auth import request_bearer_user
from schema.core.errors import ErrorCode, error_code
from schema.schema import schema


class RequestRefused(Exception):
    """A request whose JSON cannot be read as a GraphQL operation; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The GraphQL-over-HTTP media type: a client that prefers it is told a request error (parse,
# validation, variable values) by a 400 without `data`; `application/json` stays the default.
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def wants_graphql_response_json(request: HttpRequest) -> bool:
    """Whether the client's Accept header prefers application/graphql-response+json over
    application/json (a wildcard, or no header at all, means application/json)."""
    if "HTTP_ACCEPT" not in request.META:
        return False
    preferred = request.get_preferred_type(["application/json", GRAPHQL_RESPONSE_JSON])
    return preferred == GRAPHQL_RESPONSE_JSON


def is_request_error(result: ExecutionResult) -> bool:
    """A request that never executed: it did not parse or validate, or its variables did not
    fit their types. Only execution errors have a `path`."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors)
    )


def _error_response(
    message: str, *, code: ErrorCode, status: int, graphql_response: bool = False
) -> JsonResponse:
    body: dict = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    if not graphql_response:
        body = {"data": None, **body}
    response = JsonResponse(body, status=status)
    if graphql_response:
        response["Content-Type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    return response


class MusewaveRequestAdapter(DjangoHTTPRequestAdapter):
    """The request as strawberry's view reads it; a body that is not UTF-8 is refused."""

    @property
    def body(self) -> str:
        try:
            return self.request.body.decode()
        except UnicodeDecodeError:
            raise RequestRefused("The request body must be UTF-8 encoded JSON.") from None


class MusewaveGraphQLView(GraphQLView):
    """Authenticates `Authorization: Bearer <access>` first: a missing header is anonymous, a
    bad, expired or revoked token is a 401 before any resolver runs, never silently anonymous.

    JSON the transport cannot read (nested past the decoder's limit, not UTF-8, a body that is
    not an object) is a 400 with a JSON error, before anything runs."""

    request_adapter_class = MusewaveRequestAdapter
    # True while the POST body is decoded, as opposed to the JSON parameters of a GET.
    _decoding_body = False
    # Per request (Django makes a view instance for each): the media type the client asked for,
    # and whether the operation was refused before it ran.
    _graphql_response = False
    _request_error = False

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self._graphql_response = wants_graphql_response_json(request)
        try:
            # `request.user` comes from the same token (BearerTokenUserMiddleware).
            viewer = request_bearer_user(request)
        except AuthenticationRequired as exc:
            response = _error_response(
                exc.message,
                code=error_code(exc),
                status=401,
                graphql_response=self._graphql_response,
            )
            response["WWW-Authenticate"] = 'Bearer realm="musewave"'
            return response
        if viewer is None and request.content_type == "multipart/form-data":
            # Multipart requests carry uploads, which only signed-in users may make.
            response = _error_response(
                "Uploading files needs a signed-in user (a bearer token).",
                code=ErrorCode.UNAUTHENTICATED,
                status=401,
            )
            response["WWW-Authenticate"] = 'Bearer realm="musewave"'
            return response
        try:
            return super().dispatch(request, *args, **kwargs)
        except RequestRefused as exc:
            return _error_response(
                exc.message,
                code=ErrorCode.INVALID,
                status=400,
                graphql_response=self._graphql_response,
            )

    def process_result(self, request: HttpRequest, result: ExecutionResult) -> GraphQLHTTPResponse:
        response_data = super().process_result(request, result)
        if self._graphql_response and is_request_error(result):
            self._request_error = True
            response_data.pop("data", None)
        return response_data

    def create_response(self, response_data, sub_response: HttpResponse) -> HttpResponse:
        response = super().create_response(response_data, sub_response)
        if self._graphql_response:
            response["Content-Type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
            if self._request_error:
                response.status_code = 400
        return response

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        """Strawberry's GraphiQL page, its inline script and style carrying this response's
        Content-Security-Policy nonce (the page's policy admits no other inline script)."""
        response = super().render_graphql_ide(request)
        nonce = getattr(request, "csp_nonce", None)  # set by the CSP middleware
        if nonce is not None:
            attribute = f' nonce="{nonce}"'.encode()
            response.content = re.sub(rb"<(script|style)\b", rb"<\1" + attribute, response.content)
        return response

    def parse_http_body(self, request: MusewaveRequestAdapter):
        self._decoding_body = request.method == "POST"
        try:
            return super().parse_http_body(request)
        finally:
            self._decoding_body = False

    def encode_json(self, data: object) -> str | bytes:
        # orjson encodes a page of results in a fraction of the standard library's time (and
        # writes UTF-8 rather than \u escapes); what it cannot encode goes the library's way.
        try:
            return orjson.dumps(data, default=DjangoJSONEncoder().default)
        except orjson.JSONEncodeError:
            return super().encode_json(data)

    def decode_json(self, data: str | bytes) -> object:
        # Every JSON the request carries comes here: the POST body, and the `variables` and
        # `extensions` parameters of a GET.
        try:
            value = super().decode_json(data)
        except RecursionError:
            raise RequestRefused(
                "Unable to parse the request's JSON: it is nested too deeply."
            ) from None
        # An object is one operation, a list a batch (refused with its own message); strawberry
        # would read any other value as an object and fail.
        if self._decoding_body and not isinstance(value, dict | list):
            raise RequestRefused("The request body must be a JSON object.")
        return value


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
            # File uploads (the GraphQL multipart request spec). They add no CSRF risk: the
            # viewer comes from the bearer token only, never a cookie, so a cross-site form
            # post uploads as no one (and uploads need a signed-in viewer).
            multipart_uploads_enabled=True,
        )
    )

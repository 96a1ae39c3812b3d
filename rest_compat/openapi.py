"""Pieces of the OpenAPI description shared by the legacy views."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.permissions import SAFE_METHODS

from rest_compat.serializers.common import (
    ErrorSerializer,
    MessageErrorSerializer,
    PageParams,
    SuccessSerializer,
)


def path_id(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)


def one_of(name: str, values, description: str) -> OpenApiParameter:
    """A query parameter the endpoint checks against `values` (answering which it knows when it
    is not one of them); empty means the default."""
    schema = {"type": "string", "enum": ["", *values]}
    return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=description)


USER_ID = path_id("user_id", "The user's id.")
TRACK_ID = path_id("track_id", "The track's id.")
ALBUM_ID = path_id("album_id", "The album's id.")
PLAYLIST_ID = path_id("playlist_id", "The playlist's id.")
ITEM_ID = path_id("item_id", "The id of an item of the playlist.")
USERNAME = OpenApiParameter(
    "username", OpenApiTypes.STR, OpenApiParameter.PATH, description="Case-insensitive."
)

NOT_FOUND = OpenApiResponse(MessageErrorSerializer, description="No such object in the path.")
INVALID = OpenApiResponse(
    ErrorSerializer, description="Field errors (`{field: [messages]}`) or a rule's message."
)
RULE_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="An object named in the body (or the relation) does not exist."
)
CONFLICT = OpenApiResponse(
    ErrorSerializer, description="`expected_version` is not the playlist's version any more."
)
DENIED = OpenApiResponse(
    ErrorSerializer, description="Not signed in (401) or not the owner or staff (403)."
)
SUCCESS = OpenApiResponse(SuccessSerializer, description='`{"success": true}`')


def made_once(serializer, *path_parameters: OpenApiParameter, **schema):
    """The schema of an idempotent write that makes `serializer`'s row under the objects of
    `path_parameters`: 201 with the new row, 200 with the one already there; `schema` adds the
    tags, summary, description and request."""
    return extend_schema(
        parameters=list(path_parameters),
        responses={201: serializer, 200: serializer, 400: INVALID, 404: RULE_NOT_FOUND},
        **schema,
    )


def taken_back(*path_parameters: OpenApiParameter, **schema):
    """The schema of the write that takes back what `made_once` made."""
    return extend_schema(
        parameters=list(path_parameters),
        responses={200: SuccessSerializer, 400: INVALID, 404: RULE_NOT_FOUND},
        **schema,
    )


def paged(serializer, *path_parameters: OpenApiParameter, **schema):
    """The schema of a page of `serializer` rows (under the objects of `path_parameters`, an
    unknown one of which is 404); `schema` adds the tags, summary and description."""
    not_found = {404: NOT_FOUND} if path_parameters else {}
    return extend_schema(
        parameters=[*path_parameters, PageParams],
        responses={200: serializer(many=True), 400: INVALID, **not_found},
        **schema,
    )


# --- What every operation shares: who may call it, its limits, and its error answers ----------

# Every error body of the legacy contract: `{"error": …}` (a message, or field names to their
# messages) from validation and the endpoints' rules, `{"message": …}` from the request level
# (JSON that does not parse, a media type, an unknown object in the path, a body too large).
LEGACY_ERROR = PolymorphicProxySerializer(
    component_name="LegacyError",
    serializers=[ErrorSerializer, MessageErrorSerializer],
    resource_type_field_name=None,
)

OPTIONAL, REQUIRED, WRITE = "optional", "required", "write"
_BEARER = "`Authorization: Bearer <access token>`"
_EDGE_RESPONSES = {
    "400": 'Invalid input: `{"error": {field: [messages]}}` or `{"error": message}`, '
    'or a body that is not JSON (`{"message": "JSON parse error - …"}`).',
    "401": "A bad, expired or revoked bearer token (never treated as anonymous), or none where "
    'one is needed: `{"error": message}`, with `WWW-Authenticate`.',
    "403": "The token's user may not do this (a body naming another user, someone else's "
    'resource): `{"error": message}`.',
    "404": 'No such object in the path (`{"message": "Not found."}`), or one named in the body '
    '(`{"error": message}`).',
    "411": 'A chunked body this server cannot read: send a Content-Length (`{"message": …}`).',
    "413": 'The body is over MAX_BODY_BYTES (`{"message": …}`).',
    "415": 'The body is not `application/json` (`{"message": …}`).',
    "429": 'Over an abuse limit (`{"error": message}`); `Retry-After` says when to try again.',
}

_GENERIC = {INVALID.description, NOT_FOUND.description, RULE_NOT_FOUND.description}


class LegacyAutoSchema(AutoSchema):
    """drf-spectacular's schema of a legacy view, made to say what the server really does.

    Security per operation: a token is optional where anonymous callers are served and required
    where they are not (`openapi_token` on the view; writes need one when MUSEWAVE_REQUIRE_AUTH
    is on). Every operation lists the errors it can answer, in the contract's formats (401 for
    a bad token everywhere, 413 for a body too large, 429 for the write and login limits, …),
    and says so in its description.
    """

    def token(self) -> str:
        """OPTIONAL or REQUIRED for this operation."""
        declared = getattr(self.view, "openapi_token", None)
        if declared is None:
            declared = OPTIONAL if self.method in SAFE_METHODS else WRITE
        if declared == WRITE:
            return REQUIRED if settings.MUSEWAVE_REQUIRE_AUTH else OPTIONAL
        return declared

    def get_auth(self):
        auths = super().get_auth()
        return auths if self.token() == REQUIRED else [*auths, {}]

    def is_write(self) -> bool:
        return self.method not in SAFE_METHODS

    def edge_statuses(self, declared: dict) -> list[str]:
        statuses = ["401", "413"]
        if self.is_write():
            statuses += ["400", "411", "429"]
            if getattr(self.view, "openapi_actor", True):
                statuses.append("403")
        if "requestBody" in declared:
            statuses += ["400", "415"]
        if "parameters" in declared:  # malformed path ids and query parameters
            statuses.append("400")
        if "{" in self.path:
            statuses.append("404")
        return statuses

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        edges = self.edge_statuses(operation)
        for status in {*edges, *(c for c in responses if c >= "400")}:
            if status not in edges and "content" not in responses[status]:
                continue  # declared without a body (a 416 of the media routes): as declared
            described = responses.get(status, {}).get("description")
            edge = _EDGE_RESPONSES.get(status)
            if described in _GENERIC or not described:
                description = edge or "An error."
            else:
                description = f"{described} {edge or ''}".strip()
            responses[status] = self._get_response_for_code(
                OpenApiResponse(LEGACY_ERROR, description=description), status
            )
        operation["responses"] = dict(sorted(responses.items()))
        operation["description"] = "\n\n".join(
            part for part in (operation.get("description"), self.facts()) if part
        )
        return operation

    def facts(self) -> str:
        """Who may call the operation and what limits it, for its description."""
        if self.token() == REQUIRED:
            who = f"Needs a bearer token ({_BEARER}); without one the answer is 401."
        else:
            who = (
                f"Anonymous callers are served. With a bearer token ({_BEARER}) its user is the "
                "one who asks; a bad or expired token is a 401, never anonymous."
            )
        facts = [who]
        if self.is_write():
            facts.append(
                "Counts against the write limits per user and per address (429 with "
                "Retry-After past them)."
            )
        return " ".join(facts)

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "429":
            headers.setdefault(
                "Retry-After",
                {
                    "schema": {"type": "integer"},
                    "description": "Seconds until the request would be let through.",
                },
            )
        if status_code == "401":
            headers.setdefault(
                "WWW-Authenticate",
                {"schema": {"type": "string"}, "description": "The scheme: `Bearer`."},
            )
        return headers


def document_servers(result, generator, request, public):
    """POSTPROCESSING_HOOKS: served over HTTP, the document names the server that served it
    (behind a proxy, the address clients reach, via SECURE_PROXY_SSL_HEADER and ALLOWED_HOSTS);
    generated offline, the configured OPENAPI_SERVER_URL."""
    if request is not None:
        result["servers"] = [
            {"url": request.build_absolute_uri("/").rstrip("/"), "description": "This server."}
        ]
    return result


def legacy_paths_only(endpoints, **kwargs):
    """Preprocessing hook of the legacy description: only the `/musewave/` paths (the Express
    dialect has a description of its own)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/musewave/")]


def absent_instead_of_null(result, generator, request, public):
    """Postprocessing hook of the Express description: its objects leave unset fields out
    rather than sending null, so a nullable property is an optional one."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.startswith("Express"):
            continue
        optional = set()
        for prop_name, prop in component.get("properties", {}).items():
            if prop.pop("nullable", False):
                optional.add(prop_name)
        if "required" in component:
            component["required"] = [n for n in component["required"] if n not in optional]
    return result

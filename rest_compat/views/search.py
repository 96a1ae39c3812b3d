"""Search over published tracks and users."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from musewave import search
from musewave.errors import ValidationFailed
from musewave.search import SEARCH_TYPES
from rest_compat import openapi
from rest_compat.actors import authenticated_user
from rest_compat.base import LegacyAPIView, clamp_limit, parse_query, serializer_context
from rest_compat.serializers.common import SuccessSerializer
from rest_compat.serializers.search import SearchParams, SearchResultsSerializer
from rest_compat.serializers.tracks import TrackSerializer

TAG = ["search"]
DEFAULT_SEARCH_LIMIT = 20
Q_REQUIRED = "Query parameter 'q' is required"  # the contract's words for a blank `q`


class SearchView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Published tracks and users matching q, best first",
        parameters=[
            SearchParams,
            # Checked by the endpoint, which answers its own message when it is missing.
            OpenApiParameter(
                "q",
                {"type": "string", "pattern": r"\S"},
                required=True,
                description="The search text (not blank).",
            ),
            openapi.one_of("type", SEARCH_TYPES, "all (default), tracks or users."),
        ],
        responses={200: SearchResultsSerializer, 400: openapi.INVALID},
    )
    def get(self, request):
        params = parse_query(request, SearchParams)
        try:
            results = search.search(
                query=params.get("q") or "",
                type=params.get("type") or "all",
                # Clamped like every legacy limit, to what one search returns at most.
                limit=min(clamp_limit(params.get("limit", DEFAULT_SEARCH_LIMIT)), search.MAX_LIMIT),
                viewer=None,
                track_defer=TrackSerializer.unshown_fields,
            )
        except ValidationFailed as error:
            if "query" in error.errors:
                raise ValidationFailed(Q_REQUIRED) from error
            raise
        return Response(SearchResultsSerializer(results, context=serializer_context(request)).data)


class SearchRebuildView(LegacyAPIView):
    @extend_schema(
        tags=TAG,
        summary="Rebuild the search index",
        request=None,
        responses={200: SuccessSerializer, 401: openapi.INVALID, 403: openapi.INVALID},
    )
    def post(self, request):
        search.search_index_rebuild(actor=authenticated_user(request))
        return Response({"success": True})

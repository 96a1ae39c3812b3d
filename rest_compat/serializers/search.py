"""Search: the results and the query parameters."""

from rest_framework import serializers

from rest_compat.serializers.common import QueryIntegerField, optional_text
from rest_compat.serializers.tracks import TrackSerializer
from rest_compat.serializers.users import UserSerializer


class SearchResultsSerializer(serializers.Serializer):
    tracks = TrackSerializer(many=True)
    users = UserSerializer(many=True)


class SearchParams(serializers.Serializer):
    q = optional_text(help_text="The search text (required).")
    type = optional_text(help_text="all (default), tracks or users.")
    limit = QueryIntegerField(required=False, help_text="Results per kind, 1–200 (default 20).")

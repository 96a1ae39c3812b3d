"""Albums: the album as shown (with its tracks in detail), creation and edits."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rest_compat.serializers.common import Shape, UTCDateTimeField, optional_text
from rest_compat.serializers.tracks import TrackSerializer


class AlbumSerializer(Shape):
    """An album; `track_count` is read from the annotation of the same name."""

    id = serializers.UUIDField()
    user_id = serializers.UUIDField(source="owner_id")
    title = serializers.CharField()
    artist = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    cover_url = serializers.CharField(allow_null=True)
    cover_gradient = serializers.CharField(allow_null=True)
    release_date = UTCDateTimeField()
    genre = serializers.CharField()
    published = serializers.BooleanField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    track_count = serializers.IntegerField(
        help_text="How many of the album's tracks the requester may see (those listed in detail)."
    )


class AlbumDetailSerializer(AlbumSerializer):
    """An album with its tracks, which the view passes as `context["tracks"]`."""

    tracks = serializers.SerializerMethodField()

    @extend_schema_field(TrackSerializer(many=True))
    def get_tracks(self, album) -> list[dict]:
        return TrackSerializer(self.context["tracks"], many=True, context=self.context).data


class AlbumUpdateInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    artist = serializers.CharField(required=False)
    genre = serializers.CharField(required=False)
    release_date = UTCDateTimeField(required=False)
    description = optional_text()
    cover_url = optional_text()
    cover_gradient = optional_text()
    published = serializers.BooleanField(required=False)
    track_ids = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        help_text="Ids of the owner's tracks; on update, the album's exact track list.",
    )


class AlbumCreateInput(AlbumUpdateInput):
    user_id = serializers.UUIDField()
    title = serializers.CharField()
    artist = serializers.CharField()
    genre = serializers.CharField()
    release_date = UTCDateTimeField()

"""Playlists: the playlist and its items as shown, and the edits of both."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rest_compat.serializers.common import Shape, UTCDateTimeField, optional_text
from rest_compat.serializers.tracks import TrackSerializer


class PlaylistSerializer(Shape):
    """A playlist; `track_count` and `duration` are read from the `visible_*` annotations."""

    id = serializers.UUIDField()
    user_id = serializers.UUIDField(source="owner_id", help_text="The owner's id.")
    title = serializers.CharField()
    description = serializers.CharField()
    cover_url = serializers.CharField(allow_null=True)
    visibility = serializers.ChoiceField(choices=["public", "unlisted", "private"])
    track_count = serializers.IntegerField(
        source="visible_track_count", help_text="How many of its items the requester sees."
    )
    duration = serializers.FloatField(
        source="visible_duration", help_text="Total seconds of the items the requester sees."
    )
    version = serializers.IntegerField(
        help_text="Raised by one with every accepted edit; send it back as `expected_version`."
    )
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()


class PlaylistItemSerializer(Shape):
    """A place in a playlist; `track` is null (for the owner and staff, the only ones who see
    such places) while the track is a draft or its artist's account is deactivated."""

    id = serializers.UUIDField()
    playlist_id = serializers.UUIDField()
    position = serializers.IntegerField(help_text="0 for the first item.")
    added_at = UTCDateTimeField()
    added_by_id = serializers.UUIDField(allow_null=True)
    track = serializers.SerializerMethodField()

    @extend_schema_field(TrackSerializer(allow_null=True))
    def get_track(self, item) -> dict | None:
        if not getattr(item, "track_available", True):
            return None
        return TrackSerializer(item.track, context=self.context).data


class PlaylistDetailSerializer(PlaylistSerializer):
    """A playlist with a page of its items, which the view passes as `context["items"]`."""

    items = serializers.SerializerMethodField()

    @extend_schema_field(PlaylistItemSerializer(many=True))
    def get_items(self, playlist) -> list[dict]:
        return PlaylistItemSerializer(self.context["items"], many=True, context=self.context).data


class PlaylistEditorInput(serializers.Serializer):
    """Who edits (legacy clients without a token name themselves) and the version edited."""

    user_id = optional_text(help_text="The acting user's id; with a token, the token's user.")
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The playlist's `version` the edit was made against; 409 if it has changed.",
    )


class PlaylistUpdateInput(PlaylistEditorInput):
    title = serializers.CharField(
        required=False, trim_whitespace=False, help_text="1–100 characters."
    )
    description = optional_text(help_text="At most 1000 characters.")
    cover_url = optional_text(help_text="An http(s) URL of the cover image.")
    visibility = serializers.CharField(required=False, help_text="public, unlisted or private.")


class PlaylistCreateInput(PlaylistUpdateInput):
    user_id = optional_text(help_text="The owner's id; with a token, the token's user.")
    title = serializers.CharField(trim_whitespace=False, help_text="1–100 characters.")


class PlaylistTracksInput(PlaylistEditorInput):
    track_ids = serializers.ListField(
        child=serializers.CharField(), help_text="Tracks to add, in order; repeats allowed."
    )
    position = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Where the first one goes, 0…track_count (default: the end).",
    )


class PlaylistMoveInput(PlaylistEditorInput):
    position = serializers.IntegerField(help_text="The item's new position, 0…track_count-1.")


class PlaylistOrderInput(PlaylistEditorInput):
    item_ids = serializers.ListField(
        child=serializers.CharField(),
        help_text="Every item id of the playlist exactly once, in the new order.",
    )


class PlaylistDuplicateInput(serializers.Serializer):
    user_id = optional_text(help_text="The new owner's id; with a token, the token's user.")
    title = optional_text(help_text="The copy's title (default: the original's).")
    visibility = optional_text(help_text="The copy's visibility (default: private).")

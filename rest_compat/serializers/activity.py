"""Likes, plays and downloads: the rows as shown and who acts."""

from rest_framework import serializers

from musewave.selectors import privacy
from rest_compat.serializers.common import Shape, UTCDateTimeField, context_viewer, optional_text


class LikeSerializer(Shape):
    id = serializers.UUIDField()
    user_id = serializers.UUIDField()
    track_id = serializers.UUIDField()
    created_at = UTCDateTimeField()


class HasLikedSerializer(serializers.Serializer):
    hasLiked = serializers.BooleanField()


class _ActivitySerializer(Shape):
    """A play or download; who made it and from where only for those who may know."""

    id = serializers.UUIDField()
    user_id = serializers.UUIDField(
        allow_null=True,
        help_text="The listener: null when anonymous, and for anyone but the listener, the "
        "track's owner and staff.",
    )
    track_id = serializers.UUIDField()
    ip_address = serializers.CharField(allow_null=True, help_text="Only for staff; else null.")
    user_agent = serializers.CharField(allow_null=True, help_text="Only for staff; else null.")
    created_at = UTCDateTimeField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        viewer = context_viewer(self)
        if not privacy.listener_visible(viewer=viewer, row=instance):
            data["user_id"] = None
        if not privacy.client_details_visible(viewer=viewer):
            data["ip_address"] = data["user_agent"] = None
        return data


class PlaySerializer(_ActivitySerializer):
    duration = serializers.FloatField()
    completed = serializers.BooleanField()


class DownloadSerializer(_ActivitySerializer):
    pass


class UserActorInput(serializers.Serializer):
    """The acting user, as legacy clients (`userId`) or newer ones (`user_id`) name it."""

    userId = optional_text(help_text="The acting user's id.")
    user_id = optional_text(help_text="Alias of userId.")


class PlayInput(UserActorInput):
    """A listen: who (optional, as for likes), for how long, and whether it was heard to the end."""

    duration = serializers.FloatField(
        required=False, allow_null=True, help_text="Seconds listened (default 0)."
    )
    completed = serializers.BooleanField(required=False, allow_null=True)

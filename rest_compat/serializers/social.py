"""Follows: the follow as shown and who follows."""

from rest_framework import serializers

from rest_compat.serializers.common import Shape, UTCDateTimeField, optional_text


class FollowSerializer(Shape):
    id = serializers.UUIDField()
    follower_id = serializers.UUIDField()
    following_id = serializers.UUIDField()
    created_at = UTCDateTimeField()


class IsFollowingSerializer(serializers.Serializer):
    isFollowing = serializers.BooleanField()


class FollowerActorInput(serializers.Serializer):
    followerId = optional_text(help_text="The id of the user who follows.")
    follower_id = optional_text(help_text="Alias of followerId.")

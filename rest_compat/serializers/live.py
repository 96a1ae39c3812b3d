"""Notifications, the home feed and reposts."""

from rest_framework import serializers

from musewave.models import Notification
from rest_compat.serializers.common import PageParams, Shape, UTCDateTimeField
from rest_compat.serializers.tracks import TrackSerializer


class FeedTrackSerializer(TrackSerializer):
    """A track in the feed: why it is there and when it arrived."""

    reposted_by_id = serializers.UUIDField(
        source="feed_reposter_id",
        allow_null=True,
        help_text="The followed user who reposted it; null when a followed artist published it.",
    )
    feed_at = UTCDateTimeField(help_text="When it was published or reposted: the feed's order.")


class RepostSerializer(Shape):
    id = serializers.UUIDField()
    user_id = serializers.UUIDField()
    track_id = serializers.UUIDField()
    created_at = UTCDateTimeField()
    shares = serializers.IntegerField(source="track.shares", help_text="The track's new count.")


class NotificationSerializer(Shape):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Notification.Kind.values)
    actor_id = serializers.UUIDField(allow_null=True)
    track_id = serializers.UUIDField(allow_null=True)
    comment_id = serializers.UUIDField(allow_null=True)
    created_at = UTCDateTimeField()
    read_at = UTCDateTimeField(allow_null=True)


class NotificationsReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many unread notifications were marked read.")
    unread_count = serializers.IntegerField(help_text="How many remain unread.")


class NotificationListParams(PageParams):
    unread_only = serializers.BooleanField(
        required=False, default=False, help_text="Only notifications not yet marked read."
    )


class NotificationsReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        max_length=1000,
        help_text="The notifications to mark read; omitted or null: all of them.",
    )

"""The `Notification` type and its connection."""

from datetime import datetime
from enum import Enum
from uuid import UUID

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay

from musewave.models import Notification
from musewave.selectors.notifications import notifications_after
from schema.core.connections import KeysetPaged
from schema.core.refs import CommentRef, TrackRef, UserRef


@strawberry.enum(name="NotificationKind", description="What a notification is about.")
class NotificationKind(Enum):
    FOLLOW = strawberry.enum_value(Notification.Kind.FOLLOW.value, description="A new follower.")
    LIKE = strawberry.enum_value(Notification.Kind.LIKE.value, description="A like on your track.")
    COMMENT = strawberry.enum_value(
        Notification.Kind.COMMENT.value, description="A comment on your track."
    )
    NEW_TRACK = strawberry.enum_value(
        Notification.Kind.NEW_TRACK.value,
        description="An artist you follow published a track.",
    )
    UPLOAD_READY = strawberry.enum_value(
        Notification.Kind.UPLOAD_READY.value,
        description="Your upload was processed; the track is ready to stream.",
    )
    UPLOAD_FAILED = strawberry.enum_value(
        Notification.Kind.UPLOAD_FAILED.value,
        description="Your upload could not be processed; see the track's processingError.",
    )


@strawberry_django.type(
    Notification,
    name="Notification",
    description="Something that happened to the signed-in user; unread while `readAt` is null.",
)
class NotificationType:
    id: strawberry.ID = strawberry_django.field(description="The notification's id (a UUID).")
    kind: NotificationKind = strawberry_django.field(description="What happened.")
    actor: UserRef | None = strawberry_django.field(description="Who did it.")
    track: TrackRef | None = strawberry_django.field(description="The track concerned, if any.")
    comment: CommentRef | None = strawberry_django.field(
        description="The comment concerned, if any (null once it is deleted)."
    )
    created_at: strawberry.auto = strawberry_django.field(description="When it happened.")
    read_at: strawberry.auto = strawberry_django.field(
        description="When the user marked it read; null while unread."
    )


@strawberry.type(
    name="NotificationConnection",
    description="Notifications, newest first; cursors stay valid as new ones arrive.",
)
class NotificationConnection(KeysetPaged, relay.Connection[NotificationType]):
    at_field = "created_at"

    @classmethod
    def rows_after(cls, rows: QuerySet, at: datetime, pk: UUID) -> QuerySet:
        return notifications_after(rows, at=at, notification_id=pk)

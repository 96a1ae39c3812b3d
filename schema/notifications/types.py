"""The `Notification` type and its connection."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from musewave.models import Notification
from musewave.selectors.notifications import notifications_after
from schema.core.pagination import keyset_page

if TYPE_CHECKING:
    from schema.social.types import CommentType
    from schema.tracks.types import TrackType
    from schema.users.types import UserType

UserRef = Annotated["UserType", strawberry.lazy("schema.users.types")]
TrackRef = Annotated["TrackType", strawberry.lazy("schema.tracks.types")]
CommentRef = Annotated["CommentType", strawberry.lazy("schema.social.types")]


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
class NotificationConnection(relay.Connection[NotificationType]):
    @classmethod
    def resolve_connection(
        cls,
        nodes: Any,
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> "NotificationConnection":
        page = keyset_page(
            nodes,
            at_field="created_at",
            after_filter=lambda rows, at, pk: notifications_after(rows, at=at, notification_id=pk),
            first=first,
            after=after,
            before=before,
            last=last,
        )
        return cls(
            edges=[
                relay.Edge(cursor=cursor, node=row)
                for cursor, row in zip(page.cursors, page.rows, strict=True)
            ],
            page_info=page.page_info,
        )

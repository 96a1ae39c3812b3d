"""Marking notifications read."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from musewave import services
from musewave.selectors.notifications import notifications_unread_count
from schema.core.mutations import mutation
from schema.core.viewer import acting_user


@strawberry.type(name="NotificationsRead", description="The result of marking notifications read.")
class NotificationsRead:
    marked: int = strawberry.field(description="How many unread notifications were marked read.")
    unread_count: int = strawberry.field(description="How many remain unread.")


@strawberry.type
class NotificationMutations:
    @mutation(
        description="Mark the signed-in user's notifications read: those of `ids`, or all of "
        "them without `ids`.",
    )
    def mark_notifications_read(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="The notifications to mark; omitted: all."),
        ] = None,
    ) -> NotificationsRead:
        viewer = acting_user(info)
        marked = services.notifications_mark_read(actor=viewer, ids=ids)
        unread = notifications_unread_count(recipient=viewer)
        return NotificationsRead(marked=marked, unread_count=unread)

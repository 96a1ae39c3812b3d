"""Reading the signed-in user's notifications."""

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from strawberry.types import Info

from musewave.selectors.notifications import notifications_of, notifications_unread_count
from schema.core.errors import raises_client_errors
from schema.core.viewer import acting_user
from schema.notifications.types import NotificationConnection, NotificationType


@strawberry.type
class NotificationQueries:
    @strawberry_django.connection(
        NotificationConnection,
        description="The signed-in user's notifications, newest first.",
    )
    @raises_client_errors
    def notifications(
        self,
        info: Info,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only those not yet marked read.")
        ] = False,
    ) -> Iterable[NotificationType]:
        return notifications_of(recipient=acting_user(info), unread_only=unread_only)

    @strawberry.field(description="How many of the signed-in user's notifications are unread.")
    @raises_client_errors
    def unread_notification_count(self, info: Info) -> int:
        return notifications_unread_count(recipient=acting_user(info))

"""Reads on a user's notifications."""

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from musewave.errors import NotFound
from musewave.models import Notification, User
from musewave.selectors.common import require_uuid


def notifications_of(*, recipient: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The recipient's notifications, newest first (ties broken by id, for stable pages)."""
    notifications = Notification.objects.filter(recipient=recipient)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notifications_unread_count(*, recipient: User) -> int:
    return notifications_of(recipient=recipient, unread_only=True).count()


def notification_get(*, notification_id: Any, recipient: User) -> Notification:
    """One of the recipient's notifications; another user's is not found."""
    pk = require_uuid(notification_id, field="notification_id")
    try:
        return Notification.objects.select_related("actor", "track", "comment").get(
            pk=pk, recipient=recipient
        )
    except Notification.DoesNotExist:
        raise NotFound("Notification not found") from None


def notifications_after(
    notifications: QuerySet[Notification], *, at: datetime, notification_id: Any
) -> QuerySet[Notification]:
    """The notifications that come after (`at`, `notification_id`) in newest-first order."""
    return notifications.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=notification_id))

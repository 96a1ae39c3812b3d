"""Domain events: the one place that publishes them.

Services call these functions inside their transaction; each event is sent to the channel
layer only once that transaction commits (`transaction.on_commit`), so a refused or rolled-back
write emits nothing and a committed one emits exactly once. Events are plain data (strings,
numbers, booleans) so that every channel layer can carry them; they go to a group named after
what they concern: `track.<id>` or `user.<id>`. The core never knows who listens.
"""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

TRACK_ACTIVITY = "track.activity"
COMMENT_CHANGED = "comment.changed"
NOTIFICATION_CREATED = "notification.created"
TRACK_PROCESSING = "track.processing"


def track_group(track_id: Any) -> str:
    return f"track.{track_id}"


def user_group(user_id: Any) -> str:
    return f"user.{user_id}"


def _send(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group, event)


def publish(*, group: str, event: dict[str, Any]) -> None:
    """Send `event` (its `type` says what happened) to `group` after the current transaction
    commits. A failure to send is logged and never undoes the committed write."""
    transaction.on_commit(lambda: _send(group, event), robust=True)


def _publish_track_event(
    kind: str, *, track_id: Any, owner_id: Any, published: bool, sequence: int, **fields: Any
) -> None:
    """An event of a track's group: what every one carries (whose track, whether it is
    published, its place in the track's order of commits) and the fields of its kind."""
    publish(
        group=track_group(track_id),
        event={
            "type": kind,
            "track_id": str(track_id),
            "owner_id": str(owner_id),
            "published": published,
            "sequence": sequence,
            **fields,
        },
    )


def track_activity_changed(
    *,
    track_id: Any,
    owner_id: Any,
    published: bool,
    sequence: int,
    plays: int,
    likes: int,
    downloads: int,
    shares: int,
    comment_count: int,
) -> None:
    _publish_track_event(
        TRACK_ACTIVITY,
        track_id=track_id,
        owner_id=owner_id,
        published=published,
        sequence=sequence,
        plays=plays,
        likes=likes,
        downloads=downloads,
        shares=shares,
        comment_count=comment_count,
    )


def comment_changed(
    *,
    created: bool,
    track_id: Any,
    owner_id: Any,
    published: bool,
    sequence: int,
    comment: dict[str, Any],
) -> None:
    """`comment` holds the comment's fields and its author's public profile."""
    _publish_track_event(
        COMMENT_CHANGED,
        track_id=track_id,
        owner_id=owner_id,
        published=published,
        sequence=sequence,
        action="created" if created else "deleted",
        comment=comment,
    )


def notification_created(*, recipient_id: Any, notification_id: Any) -> None:
    publish(
        group=user_group(recipient_id),
        event={
            "type": NOTIFICATION_CREATED,
            "recipient_id": str(recipient_id),
            "notification_id": str(notification_id),
        },
    )


def track_processing_changed(
    *,
    track_id: Any,
    owner_id: Any,
    published: bool,
    sequence: int,
    status: str,
    error: str | None,
) -> None:
    """Where the processing of the track's uploaded audio stands (for its owner and staff)."""
    _publish_track_event(
        TRACK_PROCESSING,
        track_id=track_id,
        owner_id=owner_id,
        published=published,
        sequence=sequence,
        status=status,
        error=error,
    )

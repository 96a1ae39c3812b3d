"""Notifications: who is told of what, and marking them read.

Nobody is notified of their own action. The callers notify only for a change that happened
(a repeated like creates nothing, so it notifies nothing), and taking the action back (unlike,
unfollow, deleting a comment) removes its notification while it is still unread.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from musewave import events
from musewave.models import Follow, Notification, ProcessingStatus, Track
from musewave.selectors.common import malformed_id, parse_uuid

Kind = Notification.Kind


def notification_create(
    *,
    recipient_id: Any,
    kind: str,
    actor_id: Any,
    track_id: Any = None,
    comment_id: Any = None,
) -> Notification | None:
    """Notify `recipient_id` of what `actor_id` did; None when they are the same user."""
    if recipient_id == actor_id:
        return None
    notification = Notification.objects.create(
        recipient_id=recipient_id,
        kind=kind,
        actor_id=actor_id,
        track_id=track_id,
        comment_id=comment_id,
    )
    events.notification_created(recipient_id=recipient_id, notification_id=notification.pk)
    return notification


def notification_upload_processed(*, track: Track) -> Notification | None:
    """Tell the owner that their upload's processing ended, ready or failed."""
    if track.processing_status == ProcessingStatus.READY:
        kind = Kind.UPLOAD_READY
    elif track.processing_status == ProcessingStatus.FAILED:
        kind = Kind.UPLOAD_FAILED
    else:
        return None
    return notification_create(
        recipient_id=track.owner_id, kind=kind, actor_id=None, track_id=track.pk
    )


def notification_withdraw(*, recipient_id: Any, kind: str, actor_id: Any, **about: Any) -> None:
    """Remove the unread notification of an action that was taken back."""
    Notification.objects.filter(
        recipient_id=recipient_id, kind=kind, actor_id=actor_id, read_at__isnull=True, **about
    ).delete()


def notifications_new_track(*, track: Track) -> int:
    """Tell every follower of the track's owner that it was published; returns how many."""
    follower_ids = list(
        Follow.objects.filter(following_id=track.owner_id)
        .exclude(follower_id=track.owner_id)
        .values_list("follower_id", flat=True)
    )
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=follower_id,
            kind=Kind.NEW_TRACK,
            actor_id=track.owner_id,
            track_id=track.pk,
        )
        for follower_id in follower_ids
    )
    for notification in created:
        events.notification_created(
            recipient_id=notification.recipient_id, notification_id=notification.pk
        )
    return len(created)


@transaction.atomic
def notifications_mark_read(*, actor: Any, ids: Sequence[Any] | None = None) -> int:
    """Mark the actor's unread notifications read: those of `ids`, or all when `ids` is None.
    Ids of other users' notifications change nothing. Returns how many were marked."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        parsed = [parse_uuid(raw) for raw in ids]
        invalid = [raw for raw, pk in zip(ids, parsed, strict=True) if pk is None]
        if invalid:
            raise malformed_id(invalid[0], field="ids")
        unread = unread.filter(pk__in=parsed)
    return unread.update(read_at=timezone.now())

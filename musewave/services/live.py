"""What a write tells live subscribers about a track, read under the track's row lock.

Each call moves the track's `activity_sequence` with an `UPDATE`, which locks the row until the
transaction ends; the values read after it are therefore those this transaction commits, and
concurrent writers to one track get their sequence numbers in commit order.
"""

from typing import Any

from django.db.models import F

from musewave import events
from musewave.models import Comment, Track
from musewave.selectors.media import image_url

ACTIVITY_FIELDS = (
    "owner_id",
    "published",
    "activity_sequence",
    "plays",
    "likes",
    "downloads",
    "shares",
)


def _advance(track_id: Any) -> dict[str, Any] | None:
    if not Track.objects.filter(pk=track_id).update(activity_sequence=F("activity_sequence") + 1):
        return None
    return Track.objects.filter(pk=track_id).values(*ACTIVITY_FIELDS).get()


def track_activity_publish(*, track_id: Any) -> None:
    """Publish the track's counters as this transaction leaves them (after it commits)."""
    row = _advance(track_id)
    if row is None:
        return
    events.track_activity_changed(
        track_id=track_id,
        owner_id=row["owner_id"],
        published=row["published"],
        sequence=row["activity_sequence"],
        plays=row["plays"],
        likes=row["likes"],
        downloads=row["downloads"],
        shares=row["shares"],
        comment_count=Comment.objects.filter(track_id=track_id).count(),
    )


def comment_event_data(comment: Comment) -> dict[str, Any]:
    """A comment with its author's public profile, as plain data."""
    author = comment.user
    return {
        "id": str(comment.pk),
        "body": comment.body,
        "position": comment.position,
        "created_at": comment.created_at.isoformat(),
        "author": {
            "id": str(author.pk),
            "username": author.username,
            "display_name": author.display_name,
            "avatar_url": image_url(author, "avatar_url"),
            "verified": author.verified,
        },
    }


def comment_publish(*, track_id: Any, comment: dict[str, Any], created: bool) -> None:
    """Publish a new or deleted comment (`comment_event_data`, taken before a deletion), then
    the track's counters, since its comment count moved."""
    row = _advance(track_id)
    if row is None:
        return
    events.comment_changed(
        created=created,
        track_id=track_id,
        owner_id=row["owner_id"],
        published=row["published"],
        sequence=row["activity_sequence"],
        comment=comment,
    )
    track_activity_publish(track_id=track_id)


def track_processing_publish(*, track_id: Any) -> None:
    """Publish the track's processing status as this transaction leaves it (after it commits)."""
    if not Track.objects.filter(pk=track_id).update(activity_sequence=F("activity_sequence") + 1):
        return
    row = (
        Track.objects.filter(pk=track_id)
        .values(
            "owner_id", "published", "activity_sequence", "processing_status", "processing_error"
        )
        .get()
    )
    events.track_processing_changed(
        track_id=track_id,
        owner_id=row["owner_id"],
        published=row["published"],
        sequence=row["activity_sequence"],
        status=row["processing_status"],
        error=row["processing_error"],
    )

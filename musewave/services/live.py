"""What a write tells live subscribers about a track, read under the track's row lock.

Each call moves the track's `activity_sequence` with an `UPDATE` (or comes after a counter's
`UPDATE` that moved it, `advanced`), which locks the row until the transaction ends; the values
read after it are therefore those this transaction commits, and concurrent writers to one track
get their sequence numbers in commit order.
"""

from typing import Any

from django.db.models import F

from musewave import events
from musewave.models import Comment, Track
from musewave.selectors.media import image_url

COUNTERS = ("plays", "likes", "downloads", "shares")


def _advance(track_id: Any, *fields: str, advanced: bool = False) -> dict[str, Any] | None:
    """Move the track's sequence (locking its row), unless a counter's update just did
    (`advanced`), and read the track's `fields` as this transaction leaves them, with what every
    event about it carries: its owner, whether it is published and the new sequence, as the
    keyword arguments of `events`. None: no such track."""
    tracks = Track.objects.filter(pk=track_id)
    if not advanced and not tracks.update(activity_sequence=F("activity_sequence") + 1):
        return None
    row = tracks.values("owner_id", "published", "activity_sequence", *fields).first()
    if row is not None:
        row["sequence"] = row.pop("activity_sequence")
    return row


def track_activity_publish(
    *, track_id: Any, advanced: bool = False, also: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """Publish the track's counters as this transaction leaves them (after it commits), moving
    its sequence unless a counter's update did (`advanced`, see `services.counters`). Returns
    the row it read, with the fields `also` names read in the same query (None: no such
    track)."""
    row = _advance(track_id, *COUNTERS, *also, advanced=advanced)
    if row is None:
        return None
    published = {name: value for name, value in row.items() if name not in also}
    events.track_activity_changed(
        track_id=track_id,
        comment_count=Comment.objects.filter(track_id=track_id).count(),
        **published,
    )
    return row


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
    events.comment_changed(created=created, track_id=track_id, comment=comment, **row)
    track_activity_publish(track_id=track_id)


def track_processing_publish(*, track_id: Any) -> None:
    """Publish the track's processing status as this transaction leaves it (after it commits)."""
    row = _advance(track_id, "processing_status", "processing_error")
    if row is None:
        return
    events.track_processing_changed(
        track_id=track_id,
        status=row.pop("processing_status"),
        error=row.pop("processing_error"),
        **row,
    )

"""What subscriptions deliver, built from the events' plain data (no database read per event)."""

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from schema.core.fields import from_source
from schema.core.scalars import Long
from schema.tracks.types import ProcessingStatusEnum


# What every event about a track carries (a field each, as each type holds its own).
def _track_id() -> Any:
    return strawberry.field(description="The track's id.")


def _sequence() -> Any:
    return strawberry.field(description="Grows with each event about the track, in commit order.")


@strawberry.type(
    name="TrackActivity",
    description="A track's counters as a committed change left them.",
)
class TrackActivity:
    track_id: strawberry.ID = _track_id()
    plays: int = strawberry.field(description="How many times the track was played.")
    likes: int = strawberry.field(description="How many users like the track.")
    downloads: int = strawberry.field(description="How many times it was downloaded.")
    shares: int = strawberry.field(description="How many users reposted it.")
    comment_count: int = strawberry.field(description="How many comments it has.")
    sequence: Long = _sequence()

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> "TrackActivity":
        return from_source(cls, event)


@strawberry.type(name="CommentAuthor", description="The public profile of a comment's author.")
class CommentAuthor:
    id: strawberry.ID = strawberry.field(description="The user's id.")
    username: str = strawberry.field(description="The user's handle.")
    display_name: str = strawberry.field(description="Name shown in the app; may be empty.")
    avatar_url: str | None = strawberry.field(description="URL of the avatar image.")
    verified: bool = strawberry.field(description="Whether MuseWave verified this artist.")


@strawberry.type(name="LiveComment", description="A comment as it was posted.")
class LiveComment:
    id: strawberry.ID = strawberry.field(description="The comment's id.")
    body: str = strawberry.field(description="Text of the comment.")
    position: float | None = strawberry.field(description="Seconds into the track, if any.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    author: CommentAuthor = strawberry.field(description="Who wrote it.")


@strawberry.enum(name="CommentAction", description="What happened to a comment.")
class CommentAction(Enum):
    CREATED = strawberry.enum_value("created", description="The comment was posted.")
    DELETED = strawberry.enum_value("deleted", description="The comment was deleted.")


@strawberry.type(name="TrackCommentEvent", description="A comment posted on a track or deleted.")
class TrackCommentEvent:
    action: CommentAction = strawberry.field(description="Posted or deleted.")
    track_id: strawberry.ID = _track_id()
    comment: LiveComment = strawberry.field(description="The comment, with its author.")
    sequence: Long = _sequence()

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> "TrackCommentEvent":
        comment = event["comment"]
        return from_source(
            cls,
            event,
            action=CommentAction(event["action"]),
            comment=from_source(
                LiveComment,
                comment,
                created_at=datetime.fromisoformat(comment["created_at"]),
                author=from_source(CommentAuthor, comment["author"]),
            ),
        )


@strawberry.type(
    name="TrackProcessing",
    description="Where the processing of a track's uploaded audio stands, as a commit left it.",
)
class TrackProcessing:
    track_id: strawberry.ID = _track_id()
    processing_status: ProcessingStatusEnum = strawberry.field(
        description="Pending, processing, then ready or failed."
    )
    processing_error: str | None = strawberry.field(
        description="Why processing failed, when it did."
    )
    sequence: Long = _sequence()

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> "TrackProcessing":
        return from_source(
            cls,
            event,
            processing_status=ProcessingStatusEnum(event["status"]),
            processing_error=event["error"],
        )

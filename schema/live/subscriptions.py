"""Subscriptions: a track's counters and comments as they change, its upload's processing (for
its owner), the viewer's notifications.

Each subscribes to the channel-layer group of what it concerns and turns the core's events into
GraphQL types. Anything that reads the database runs through `database_sync_to_async` (which
also closes stale database connections), never inside the event loop.
"""

from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from channels.db import database_sync_to_async
from strawberry.types import Info

from musewave import events
from musewave.errors import AuthenticationRequired, MusewaveError, NotFound, PermissionDenied
from musewave.metrics import WEBSOCKET_SUBSCRIPTIONS
from musewave.models import Track, User
from musewave.selectors.notifications import notification_get
from musewave.selectors.tracks import track_get
from schema.core.arguments import TrackIdArg
from schema.core.errors import client_error
from schema.core.viewer import get_viewer
from schema.live.types import TrackActivity, TrackCommentEvent, TrackProcessing
from schema.notifications.types import NotificationType


async def _watched_track(info: Info, track_id: Any) -> Track:
    """The track, if the viewer may see it (a draft: its owner and staff only)."""
    try:
        return await database_sync_to_async(track_get)(track_id=track_id, viewer=get_viewer(info))
    except MusewaveError as error:
        raise client_error(error) from error


def _signed_in(info: Info) -> User:
    """The viewer; a subscription that needs one is refused without."""
    viewer = get_viewer(info)
    if viewer is None:
        raise client_error(AuthenticationRequired("Sign in (send a bearer token) first."))
    return viewer


def _sees_drafts_of(viewer: User | None, track: Track) -> bool:
    return viewer is not None and (viewer.is_staff or viewer.pk == track.owner_id)


async def _track_events(info: Info, track: Track, event_type: str) -> AsyncGenerator[dict, None]:
    """The track's events of `event_type`, those the viewer may see, as they arrive."""
    sees_drafts = _sees_drafts_of(get_viewer(info), track)
    track_id = str(track.pk)
    consumer = info.context.ws
    with WEBSOCKET_SUBSCRIPTIONS.track_inprogress():
        async with consumer.listen_to_channel(
            event_type, groups=[events.track_group(track.pk)]
        ) as messages:
            async for message in messages:
                # One connection's subscriptions share its messages: keep this track's only.
                if message["track_id"] != track_id:
                    continue
                # A track made a draft after the subscription began goes quiet for others.
                if not message["published"] and not sees_drafts:
                    continue
                yield message


async def _newest(messages: AsyncGenerator[dict, None]) -> AsyncGenerator[dict, None]:
    """Counters carry their whole state: an event older than one already sent is dropped."""
    latest = 0
    async for message in messages:
        if message["sequence"] > latest:
            latest = message["sequence"]
            yield message


@strawberry.type
class LiveSubscriptions:
    @strawberry.subscription(
        description="A track's counters each time one of them changes (a play, a like, a "
        "download, a repost, a comment). A draft's only for its owner and staff."
    )
    async def track_activity(
        self, info: Info, track_id: TrackIdArg
    ) -> AsyncGenerator[TrackActivity, None]:
        track = await _watched_track(info, track_id)
        async for event in _newest(_track_events(info, track, events.TRACK_ACTIVITY)):
            yield TrackActivity.from_event(event)

    @strawberry.subscription(
        description="Each comment posted on a track, and each deletion, with its author. A "
        "draft's only for its owner and staff."
    )
    async def track_comments(
        self, info: Info, track_id: TrackIdArg
    ) -> AsyncGenerator[TrackCommentEvent, None]:
        track = await _watched_track(info, track_id)
        async for event in _track_events(info, track, events.COMMENT_CHANGED):
            yield TrackCommentEvent.from_event(event)

    @strawberry.subscription(
        description="The owner's view of an upload moving through processingStatus (pending, "
        "processing, then ready or failed with processingError). Its owner and staff only."
    )
    async def track_processing(
        self, info: Info, track_id: TrackIdArg
    ) -> AsyncGenerator[TrackProcessing, None]:
        viewer = _signed_in(info)
        track = await _watched_track(info, track_id)
        if not _sees_drafts_of(viewer, track):
            raise client_error(
                PermissionDenied("Only the track's owner can follow its upload's processing.")
            )
        async for event in _newest(_track_events(info, track, events.TRACK_PROCESSING)):
            yield TrackProcessing.from_event(event)

    @strawberry.subscription(description="The signed-in user's notifications as they are created.")
    async def notifications(self, info: Info) -> AsyncGenerator[NotificationType, None]:
        viewer = _signed_in(info)
        recipient_id = str(viewer.pk)
        consumer = info.context.ws
        with WEBSOCKET_SUBSCRIPTIONS.track_inprogress():
            async with consumer.listen_to_channel(
                events.NOTIFICATION_CREATED, groups=[events.user_group(viewer.pk)]
            ) as messages:
                async for message in messages:
                    if message["recipient_id"] != recipient_id:
                        continue
                    try:
                        notification = await database_sync_to_async(notification_get)(
                            notification_id=message["notification_id"], recipient=viewer
                        )
                    except NotFound:
                        continue  # taken back (an unlike) before it could be read
                    yield notification

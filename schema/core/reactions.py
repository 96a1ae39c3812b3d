"""What the signed-in user does to the track `trackId` names that moves one of its counters (a
like, a repost; a play, a download): the payload shows the counter's new value, which the
service moved in the database with `F()`."""

from collections.abc import Callable
from typing import Any

from strawberry.types import Info

from musewave.models import Track
from schema.core.arguments import TrackIdArg
from schema.core.lookups import not_found_on, track_argument
from schema.core.viewer import acting_user


def with_counter(track: Track, counter: str) -> Track:
    """`track`, its `counter` read again from the database."""
    track.refresh_from_db(fields=[counter])
    return track


def reaction(make: Callable[..., tuple[Any, bool]], *, counter: str) -> Callable[..., Any]:
    """The resolver of a reaction (`make(actor=…, track=…)`, idempotent: a repeat returns the
    existing one): the reaction, its track showing `counter`'s new value."""

    def resolve(info: Info, track_id: TrackIdArg):
        actor = acting_user(info)
        track = track_argument(info, track_id)
        made, _created = make(actor=actor, track=track)
        made.track = with_counter(track, counter)
        return made

    return resolve


def reaction_undone(undo: Callable[..., None], *, counter: str) -> Callable[..., Track]:
    """The resolver of taking a reaction back (`undo(actor=…, track=…)`): the track, showing
    `counter`'s new value; when there is none to take back, `not_found` on `trackId`."""

    def resolve(info: Info, track_id: TrackIdArg):
        actor = acting_user(info)
        track = track_argument(info, track_id)
        with not_found_on("trackId"):
            undo(actor=actor, track=track)
        return with_counter(track, counter)

    return resolve

"""Listening: plays and downloads. Every accepted call is recorded and counted."""

from django.db import transaction

from musewave.errors import Throttled
from musewave.metrics import DOWNLOADS_RECORDED, PLAYS_RECORDED, count_on_commit
from musewave.models import Download, Play, Track, User
from musewave.selectors.common import parse_uuid
from musewave.services.common import clean_instance
from musewave.services.counters import counter_increment
from musewave.services.live import track_activity_publish
from musewave.services.rollups import rollups_download_recorded, rollups_play_recorded
from musewave.throttling import play_replay_claim


@transaction.atomic
def play_record(
    *,
    actor: User | None,
    track: Track,
    duration: float = 0.0,
    completed: bool = False,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> tuple[Play, bool]:
    """Record a listen (anonymous when `actor` is None) and count it on the track and in the
    statistics' rollups.

    Idempotent within the replay window (MUSEWAVE_PLAY_REPLAY_SECONDS): the same listener
    replaying the same track gets the play already counted and `False`, as a repeated like gets
    its like, so replays cannot inflate the count. Floods are the write throttles' business.
    """
    play = Play(
        track=track,
        user=actor,
        duration=duration if duration is not None else 0.0,
        completed=bool(completed),
        ip_address=ip_address or None,
        user_agent=user_agent or None,
    )
    clean_instance(play, exclude=["track", "user"])
    holder = play_replay_claim(
        track_id=track.pk, user_id=play.user_id, ip_address=play.ip_address, play_id=play.pk
    )
    if holder is not None:
        counted = Play.objects.filter(pk=parse_uuid(holder), track=track).first()
        if counted is None:
            # The window's play is still being recorded by a concurrent request (or was
            # removed since): nothing to show yet, and counting again would be wrong.
            raise Throttled("This track was just played by this listener; try again shortly.")
        return counted, False
    play.save(force_insert=True)
    advanced = counter_increment(track_id=track.pk, counter="plays")
    # The rollups read the track's row with the event's: one query after the counter's update.
    row = track_activity_publish(track_id=track.pk, advanced=advanced, also=("audio_duration",))
    rollups_play_recorded(play=play, track=row)
    count_on_commit(PLAYS_RECORDED)
    return play, True


@transaction.atomic
def download_record(
    *,
    actor: User | None,
    track: Track,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> Download:
    """Record a download (anonymous when `actor` is None) and count it on the track and in
    its day's rollup."""
    download = Download(
        track=track, user=actor, ip_address=ip_address or None, user_agent=user_agent or None
    )
    clean_instance(download, exclude=["track", "user"])
    download.save(force_insert=True)
    advanced = counter_increment(track_id=track.pk, counter="downloads")
    rollups_download_recorded(download=download)
    count_on_commit(DOWNLOADS_RECORDED)
    track_activity_publish(track_id=track.pk, advanced=advanced)
    return download

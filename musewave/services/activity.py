"""Plays and downloads: every accepted call is recorded and counted."""

from django.db import transaction

from musewave.models import Download, Play, Track, User
from musewave.services.common import clean_instance
from musewave.services.counters import counter_increment
from musewave.services.live import track_activity_publish
from musewave.throttling import play_replay_check


@transaction.atomic
def play_record(
    *,
    actor: User | None,
    track: Track,
    duration: float = 0.0,
    completed: bool = False,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> Play:
    """Record a listen (anonymous when `actor` is None) and count it on the track.

    The same listener replaying the same track within the replay window is refused
    (Throttled), so replays cannot inflate the count.
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
    play_replay_check(track_id=track.pk, user_id=play.user_id, ip_address=play.ip_address)
    play.save(force_insert=True)
    counter_increment(track_id=track.pk, counter="plays")
    track_activity_publish(track_id=track.pk)
    return play


@transaction.atomic
def download_record(
    *,
    actor: User | None,
    track: Track,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> Download:
    """Record a download (anonymous when `actor` is None) and count it on the track."""
    download = Download(
        track=track, user=actor, ip_address=ip_address or None, user_agent=user_agent or None
    )
    clean_instance(download, exclude=["track", "user"])
    download.save(force_insert=True)
    counter_increment(track_id=track.pk, counter="downloads")
    track_activity_publish(track_id=track.pk)
    return download

"""Celery tasks: thin shells that call a service with ids (never model instances), so that the
in-process eager mode and a real worker behave the same."""

from celery import shared_task

from musewave.services.media import track_audio_process


@shared_task(name="musewave.process_track_audio", ignore_result=True)
def process_track_audio(track_id: str) -> None:
    track_audio_process(track_id=track_id)

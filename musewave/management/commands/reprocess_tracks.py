"""Run the audio processing again: for failed (and stuck pending) tracks, or for all uploads."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from musewave.models import ProcessingStatus, Track
from musewave.services import track_audio_process


class Command(BaseCommand):
    help = (
        "Process uploaded audio again (waveform, loudness, streaming rendition): the failed and "
        "pending tracks, or every track with uploaded audio with --all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Every track with uploaded audio, not only failed."
        )

    def handle(self, *args, **options):
        tracks = Track.objects.exclude(audio_file="")
        if not options["all"]:
            tracks = tracks.filter(
                processing_status__in=[ProcessingStatus.FAILED, ProcessingStatus.PENDING]
            )
        ids = list(tracks.order_by("created_at").values_list("pk", flat=True))
        counts = {status: 0 for status in ProcessingStatus.values}
        for track_id in tqdm(ids, desc="Processing", unit="track", file=self.stderr):
            track = track_audio_process(track_id=track_id)
            if track is not None:
                counts[track.processing_status] += 1
        self.stdout.write(
            f"Processed {len(ids)} tracks: {counts['ready']} ready, {counts['failed']} failed."
        )

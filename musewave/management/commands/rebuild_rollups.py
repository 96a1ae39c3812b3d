"""Recompute the statistics' rollups from the plays and downloads.

Every play and download keeps them up to date; rebuild after importing rows behind the
services' back (bulk loads, restored backups) or to repair them. Safe while the site serves
plays: each batch locks its tracks, so a play is counted exactly once.
"""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from musewave.models import Track
from musewave.selectors.common import parse_uuid
from musewave.services.rollups import REBUILD_BATCH_TRACKS, rollups_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the statistics' rollups (per day, per listener of a track and of an artist) "
        "from the plays and downloads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REBUILD_BATCH_TRACKS,
            help=f"Tracks per transaction (default {REBUILD_BATCH_TRACKS}).",
        )
        parser.add_argument(
            "--track", action="append", default=[], help="Only this track's id (repeatable)."
        )

    def handle(self, *args, **options) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        track_ids = None
        if options["track"]:
            track_ids = [parse_uuid(value) for value in options["track"]]
            if None in track_ids:
                raise CommandError("--track takes a track's id (a UUID).")
        total = len(track_ids) if track_ids is not None else Track.objects.count()
        started = time.monotonic()
        with tqdm(
            total=total,
            desc="rollups",
            unit="track",
            disable=not (self.stdout.isatty() or options["verbosity"] >= 1),
            file=self.stderr,
        ) as bar:
            done = rollups_rebuild(
                track_ids=track_ids, batch_size=options["batch_size"], progress=bar.update
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Rollups rebuilt for {done} tracks in {time.monotonic() - started:.1f} s."
            )
        )

"""`python manage.py rebuild_search_index`: rebuild the track and user search index from scratch."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from musewave.search import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index of tracks and users from scratch."

    def handle(self, *args, **options) -> None:
        bar: tqdm | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc="Indexing", unit="doc", file=self.stderr)
            bar.update(done - bar.n)

        try:
            indexed = index_rebuild(progress=progress)
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} documents."))

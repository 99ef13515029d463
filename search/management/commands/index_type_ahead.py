"""Fill the type-ahead's prefix index from every searchable title, without rebuilding the search index."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.generation import content_changed
from search.suggestions import fill_titles


class Command(BaseCommand):
    help = (
        "Fill the type-ahead's table of title words (search/suggestions.py) from the searchable content: "
        "once after upgrading to it; rebuild_search_index and every publish keep it in step afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=1000, help="Items read and indexed at a time.")

    def handle(self, *args, chunk_size=1000, verbosity=1, **options):
        # In one transaction: readers keep the old suggestions until the new ones are complete.
        with transaction.atomic():
            total = fill_titles(chunk_size)
        content_changed()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{total} titles indexed for the type-ahead."))

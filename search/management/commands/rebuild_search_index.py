"""Rebuild the search index with a progress bar per model; Wagtail's update_index prints a dot per chunk."""

from django.core.management.base import BaseCommand

from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models
from wagtail.search.management.commands.update_index import group_models_by_index

from tqdm import tqdm

from cms.generation import content_changed
from search.queries import search_backend_names


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every searchable model, showing progress: after bulk imports "
        "(load_demo --scale) or a change of search backend. Readers keep searching the old index until it is done."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", help="One backend of WAGTAILSEARCH_BACKENDS (default: all of them).")
        parser.add_argument("--chunk-size", type=int, default=1000, help="Items read and indexed at a time.")

    def handle(self, *args, backend=None, chunk_size=1000, verbosity=1, **options):
        for name in [backend] if backend else search_backend_names():
            self.rebuild(name, chunk_size, quiet=verbosity == 0)
        # Search pages, API answers and search counts kept in the shared cache came from the old index.
        content_changed()

    def rebuild(self, backend_name, chunk_size, quiet):
        backend = get_search_backend(backend_name)
        if not backend.rebuilder_class:
            return
        total = 0
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
            for model in models:
                objects = model.get_indexed_objects().order_by("pk")
                label = f"{backend_name}: {model._meta.label}"
                bar = tqdm(
                    total=objects.count(), desc=label, unit="item", file=_Unterminated(self.stdout), disable=quiet
                )
                with bar as progress:
                    for chunk in _chunks(objects, chunk_size):
                        index.add_items(model, chunk)
                        progress.update(len(chunk))
                        total += len(chunk)
            rebuilder.finish()
        if not quiet:
            self.stdout.write(self.style.SUCCESS(f"{backend_name}: {total} items indexed."))


class _Unterminated:
    """A command's stdout for tqdm, which redraws its line with "\\r" and must not get a newline per write."""

    def __init__(self, stdout):
        self.stdout = stdout

    def write(self, text):
        self.stdout.write(text, ending="")

    def flush(self):
        self.stdout.flush()


def _chunks(queryset, size):
    """The queryset in lists of `size`, by primary key: no OFFSET, so the last chunk is as fast as the first."""
    last = None
    while True:
        chunk = list((queryset if last is None else queryset.filter(pk__gt=last))[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk

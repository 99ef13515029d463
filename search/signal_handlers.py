"""Index what was just published once more, after its many-to-many relations are written.

Wagtail indexes a page or snippet when it is saved, but a ClusterableModel writes its
ParentalManyToManyFields (sectors) and child relations (tags) only after that save, so the first
pass indexes the relations as they were before. Publishing ends with everything written.
"""

from wagtail.search import index
from wagtail.signals import page_published, published


def reindex(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def register_signal_handlers():
    page_published.connect(reindex, dispatch_uid="search-reindex-published-page")
    published.connect(reindex, dispatch_uid="search-reindex-published-snippet")

"""Pages of a published list whose total is counted once per change of content, not once per request.

Counting a filtered list of 30,000 articles costs PostgreSQL more than reading the ten it shows
through an index, and the total only changes when something is published, unpublished, moved,
made private or, for offers, expires: the events that empty the page cache.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountingPaginator(Paginator):
    """Django's Paginator with `count` kept in the shared cache until the content changes.

    Only for lists of published content: a list whose rows change without a publish (a reader's
    own entries, say) must use Django's Paginator.
    """

    @cached_property
    def count(self):
        from .page_cache import remember  # page_cache imports the models that import this module

        return remember("list-count", self.object_list, lambda: Paginator.count.func(self))

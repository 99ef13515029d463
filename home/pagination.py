"""Pages of a published list whose total is counted once per change of content, not once per request.

Counting a filtered list of 30,000 articles costs PostgreSQL more than reading the ten it shows
through an index, and the total only changes when something is published, unpublished, moved,
made private or, for offers, expires: the events that empty the page cache.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountingPaginator(Paginator):
    """Django's Paginator with `count` kept in the shared cache until the content changes.

    `identity`: what the list is a function of besides published content, such as
    `list_identity(page, request)`; by default the list's SQL. Only for lists of published content:
    a list whose rows change without a publish (a reader's own entries, say) must use Django's.
    """

    def __init__(self, object_list, per_page, identity=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.identity = identity

    @cached_property
    def count(self):
        from .page_cache import remember, sql_identity  # page_cache imports the models that import this

        identity = self.identity if self.identity is not None else sql_identity(self.object_list)
        return remember("list-count", identity, lambda: Paginator.count.func(self))


def query_identity(request, ignore=("page",)):
    """A request's query string as a sorted list of (name, value), without the parameters in `ignore`."""
    return sorted((key, value) for key, values in request.GET.lists() if key not in ignore for value in values)


def list_identity(page, request):
    """What a page's filtered list is a function of: the page and its query string, but the page number."""
    return page.pk, query_identity(request)

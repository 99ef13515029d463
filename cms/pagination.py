"""Pages of a published list whose total is counted once per change of content, not once per request.

Counting a filtered list of 30,000 articles costs PostgreSQL more than reading the ten it shows
through an index, and the total only changes when something is published, unpublished, moved,
made private or, for offers, expires: the events that move the content generation.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .generation import remember
from .page_cache import query_pairs


class CountingPaginator(Paginator):
    """Django's Paginator with `count` kept in the shared cache until the content changes.

    `identity`: what the list is a function of besides published content, such as
    `list_identity(page, request)`. Only for lists of published content: a list whose rows
    change without a publish (a reader's own entries, say) must use Django's.
    """

    def __init__(self, object_list, per_page, identity, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.identity = identity

    @cached_property
    def count(self):
        return remember("list_totals", self.identity, self.object_list.count)


def list_identity(page, request):
    """What a page's filtered list is a function of: the page and the query parameters it reads,
    but the page number."""
    return page.pk, query_pairs(request, page.cache_query_params, ignore=("page",))

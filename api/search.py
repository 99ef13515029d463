"""Full-text search inside the API's public querysets: the site's search (search/queries.py), ranked alike."""

from wagtail.search.index import Indexed

from search.queries import InvalidQuery, search_queryset

__all__ = ["InvalidQuery", "matching"]


def matching(queryset, query, locale=None):
    """The items of `queryset` (a public queryset) that match `query`, most relevant first."""
    if not issubclass(queryset.model, Indexed):  # sectors are not in the search index
        return queryset.filter(name__icontains=query)
    return search_queryset(queryset, query, locale)

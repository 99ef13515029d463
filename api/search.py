"""Full-text search inside the API's public querysets.

The one place the API searches: Wagtail's search backend for now; the Polish-aware search of
search/queries.py can replace `matching` without touching the endpoints.
"""

import re

from django.db.models import Case, IntegerField, Value, When

from wagtail.models import Locale
from wagtail.search.index import Indexed

MAX_HITS = 500
WORD = re.compile(r"\w")


def _searchable(query):
    """The query as the search backend can take it, or "" when it holds no word to look for."""
    # Quotes mark phrases; an unpaired one makes SQLite's full-text search fail with an error.
    if query.count('"') % 2:
        query = query.replace('"', " ")
    return query.strip() if WORD.search(query) else ""


def matching(queryset, query, locale=None):
    """The items of `queryset` (a public queryset) that match `query`, most relevant first."""
    model = queryset.model
    query = _searchable(query)
    if not query:
        return queryset.none()
    if not issubclass(model, Indexed):
        return queryset.filter(name__icontains=query)
    # The search index holds drafts and expired entries too, and search backends can only filter
    # on indexed fields: the index is narrowed to live entries of the locale, and the hits are then
    # intersected with the public queryset.
    candidates = model.objects.all()
    if any(field.name == "live" for field in model._meta.fields):
        candidates = candidates.filter(live=True)
    if locale is not None:
        candidates = candidates.filter(locale=Locale.objects.filter(language_code=locale).first())
    hits = [hit.pk for hit in candidates.search(query)[:MAX_HITS]]
    relevance = Case(*(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(hits)), output_field=IntegerField())
    return queryset.filter(pk__in=hits).order_by(relevance if hits else "pk")

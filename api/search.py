"""Full-text search in the API: the `search` parameter of lists, and /api/search/ with its type-ahead.

Both are the site's search (search/queries.py), ranked alike: /api/search/ is the search page's
`search_site` (every kind, counts per kind, capped as the page shows them), /api/search/suggest/
its type-ahead `suggest`. Only public content is searched, so nothing else can appear.
"""

from wagtail.models import Locale
from wagtail.search.index import Indexed

from ninja import Field, Schema
from ninja.errors import HttpError

from cms.text import STOP_WORDS, fold, words
from search.highlight import highlight, matching_text, snippet, summaries
from search.queries import (
    KINDS,
    MAX_QUERY_LENGTH,
    OPERATORS,
    InvalidQuery,
    languages_of,
    search_queryset,
    search_site,
    search_slice,
    suggest,
)

from .addresses import answering
from .filters import TEXT, Number, check_parameters
from .payloads import Lookups, api_url
from .schemas import LocaleCode, named_enum

__all__ = ["InvalidQuery", "matching", "ranked_page", "site_search", "type_ahead"]

# The API's resource (its name and its items' type) of each kind of search result.
RESOURCES = {
    "news": ("articles", "article"),
    "clusters": ("clusters", "cluster"),
    "companies": ("companies", "company"),
    "offers": ("offers", "offer"),
    "services": ("offers", "offer"),
}
MAX_LIMIT = 50
# The search page shows at most 20 pages of 10; the API reads as deep, and a little deeper.
MAX_OFFSET = 1000

SearchKind = named_enum("SearchKind", (kind.slug for kind in KINDS))
ItemType = named_enum("SearchItemType", dict.fromkeys(type_ for _name, type_ in RESOURCES.values()))


def matching(queryset, query, locale=None):
    """The items of `queryset` (a public queryset) that match `query`, most relevant first."""
    if not issubclass(queryset.model, Indexed):  # sectors are not in the search index
        return queryset.filter(name__icontains=query)
    return search_queryset(queryset, query, locale)


def ranked_page(queryset, rows, query, locale, window):
    """(total, items in `window`) of the matches of a public `queryset`, most relevant first, as `matching`
    orders them; `rows` is the same queryset made ready to read the items. Raises InvalidQuery."""
    if not issubclass(queryset.model, Indexed):
        return matching(queryset, query).count(), list(matching(rows, query)[window])
    return search_slice(queryset, query, locale, window.start, window.stop, rows=rows)


class SearchParams(Schema):
    q: str = Field(
        ...,
        pattern=TEXT,
        description=f"What to search for, as typed on the site's search page (at most {MAX_QUERY_LENGTH} "
        "characters): every word must match, in any of its inflected forms; common words are ignored.",
    )
    locale: LocaleCode | None = Field(None, description="Only content in this language; default: every language.")
    type: SearchKind | None = Field(None, description="Only results of this kind; the counts cover every kind.")
    limit: Number = Field(10, ge=1, le=MAX_LIMIT, description="How many results to return.")
    offset: Number = Field(0, ge=0, le=MAX_OFFSET, description="How many results to skip.")


class SuggestParams(Schema):
    q: str = Field(..., pattern=TEXT, description="The words typed so far; the last may be the start of a word.")
    locale: LocaleCode | None = Field(None, description="Only content in this language; default: every language.")
    limit: Number = Field(8, ge=1, le=20, description="How many suggestions to return at most.")


class KindCount(Schema):
    kind: SearchKind
    label: str = Field(description="The kind's name as the search page shows it, in the language asked for.")
    count: int = Field(description="How many results of this kind; when not `exact`, more than this.")
    exact: bool = Field(description='False when there are more results than were counted ("over 1,000").')


class SearchHit(Schema):
    kind: SearchKind
    type: ItemType = Field(description="The type of the item, as the item's own endpoint gives it.")
    id: int
    locale: LocaleCode
    title: str
    title_html: str = Field(description="The title, HTML-escaped, with the words that matched in `<mark>`.")
    snippet_html: str = Field(description="Some words of the item's text around a match, escaped, matches in `<mark>`.")
    score: float = Field(description="Relevance: results come best first, across kinds.")
    path: str | None = Field(description="The item's page on the site, relative to its root.")
    url: str | None = Field(description="The item's page on the site.")
    api_url: str = Field(description="The item in the API.")


class SearchResults(Schema):
    total: int = Field(description="How many results of the kind asked for (or of every kind), at most as counted.")
    exact: bool = Field(description="False when `total` is a lower bound.")
    limit: int
    offset: int
    counts: list[KindCount] = Field(description="Results per kind, every kind, in the search page's order.")
    items: list[SearchHit]


class Suggestion(Schema):
    kind: SearchKind
    type: ItemType
    id: int
    title: str
    path: str | None
    url: str | None
    api_url: str


class SuggestionList(Schema):
    items: list[Suggestion]


def _code(locale):
    return getattr(locale, "value", locale)


def _has_words(text, locale):
    """Whether the text has a word to search for, not only common ones ("i w na")."""
    stop_words = set().union(*(STOP_WORDS.get(language, ()) for language in languages_of(locale)))
    return any(word not in OPERATORS and fold(word) not in stop_words for word in words(text))


def _address(kind, item, lookups):
    name, type_ = RESOURCES[kind.slug]
    path = lookups.html_path(item)
    return {
        "kind": kind.slug,
        "type": type_,
        "id": item.pk,
        "title": item.title,
        "path": path,
        "url": lookups.html_url(item) if path else None,
        "api_url": api_url(name, item.pk),
    }


def site_search(request, params):
    check_parameters(request, SearchParams)
    locale = _code(params.locale)
    text = params.q.strip()
    try:
        results = search_site(text, locale, _code(params.type), params.offset + params.limit, 1)
    except InvalidQuery as error:
        if len(text) <= MAX_QUERY_LENGTH and not _has_words(text, locale):
            # Only common words: nothing to search for, which is no error of the client's.
            return _answer(params, dict.fromkeys(KINDS, 0), 0, [])
        raise HttpError(400, str(error.message)) from error
    counts = results.counts
    shown = results[params.offset : params.offset + params.limit]
    languages = dict(Locale.objects.values_list("pk", "language_code")) if shown else {}
    lookups = Lookups(request)
    items = []
    with answering(request):
        for hit in shown:
            language = languages[hit.item.locale_id]
            item = _address(hit.kind, hit.item, lookups)
            text_html = snippet(matching_text(summaries(hit.item), results.query, language), results.query, language)
            item.update(
                locale=language,
                title_html=highlight(hit.item.title, results.query, language),
                snippet_html=text_html,
                score=hit.score,
            )
            items.append(item)
    return _answer(params, counts, results.count_limit, items)


def _answer(params, counts, limit, items):
    shown = [kind for kind in KINDS if params.type in (None, kind.slug)]
    return {
        "total": sum(min(counts[kind], limit) if limit else counts[kind] for kind in shown),
        "exact": not any(limit and counts[kind] > limit for kind in shown),
        "limit": params.limit,
        "offset": params.offset,
        "counts": [
            {
                "kind": kind.slug,
                "label": str(kind.label),
                "count": min(counts[kind], limit) if limit else counts[kind],
                "exact": not (limit and counts[kind] > limit),
            }
            for kind in KINDS
        ],
        "items": items,
    }


def type_ahead(request, params):
    check_parameters(request, SuggestParams)
    hits = suggest(params.q, _code(params.locale), params.limit)
    lookups = Lookups(request)
    with answering(request):
        return {"items": [_address(hit.kind, hit.item, lookups) for hit in hits]}

"""One search over every kind of public content, in one language: the site's search page and the API both use it.

* `parse(text, locale)` turns what a reader typed into a `Query` (or raises `InvalidQuery`).
* `search_queryset(queryset, query, locale)` narrows a public queryset to the matches, most
  relevant first, ranking every match: the API's `search` with an `order` of its own, and the
  reference for every faster path.
* `search_slice(queryset, query, locale, start, stop)` is a page of a list's matches, most relevant
  first, and their total: the API's `search` parameter.
* `search_site(query, locale, kind)` is the search page: every kind at once, counts per kind.
* `suggest(text, locale)` is the type-ahead: titles matching the words typed so far as prefixes.

Matching and ranking are the search backend's (search/backends.py); the words it matches are the
lemmas without diacritics of cms/text.py, written into the index by the fields of
cms/search_fields.py. Queries are built here from those words (search/terms.py's `Term`), which
the backend passes on unchanged.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, F, FloatField, Value, When
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError
from wagtail.search.query import And

from articles.models import ArticlePage
from clusters.models import ClusterPage
from cms.generation import CONTENT_SECONDS, content_cache, content_key, current_generation, layer_on
from cms.text import STOP_WORDS, alternatives, fold, lemma, words
from registry.models import Company, Offer

from . import suggestions
from .public import public_items
from .terms import Term, any_of
from .topk import (
    BELOW,
    count_all_matches,
    count_matches,
    exact_count_limit,
    index_match,
    kinds_planned,
    search_kinds,
    top_matches,
)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
MIN_PREFIX_LENGTH = 2
# Backends that answer with a list rather than a database query (OpenSearch, Elasticsearch)
# give at most this many results per kind.
MAX_HITS = 1000
# A list's search ranks no deeper than this from the index; a page further on ranks every match.
MAX_RANKED_DEPTH = 1000
# Up to this many matches, a list's search counts them one by one (search/topk.py's count_all_matches).
FEW_MATCHES = 100
# Words that other search engines take as operators; here every word is simply required.
OPERATORS = {"AND", "OR", "NOT"}

SCORE = "search_score"


class InvalidQuery(ValueError):
    """A query that cannot be searched; `message` tells the reader why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def search_backend_names():
    """The names of the configured search backends (WAGTAILSEARCH_BACKENDS)."""
    return list(getattr(settings, "WAGTAILSEARCH_BACKENDS", {"default": {}}))


def languages_of(locale):
    """The language codes a search covers: a Locale's, a language code's, or every content language for None."""
    if locale is None:
        return tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)
    return (locale.language_code if isinstance(locale, Locale) else str(locale),)


@dataclass(frozen=True)
class Query:
    """What a reader typed, as index terms: for each word, the terms any of which it may match."""

    text: str
    languages: tuple
    terms: tuple = field(default=())

    def backend_query(self):
        """Every word must match, each through any of its alternatives."""
        per_word = [any_of(alternatives) for alternatives in self.terms]
        return per_word[0] if len(per_word) == 1 else And(per_word)

    @cached_property
    def all_terms(self):
        return frozenset().union(*self.terms)

    def matches(self, word, language):
        """Whether a word of a text is one the reader searched for (for highlighting)."""
        return fold(word) in self.all_terms or lemma(word, language) in self.all_terms


def parse(text, locale=None):
    """The reader's text as a Query; InvalidQuery when it is too long or has no word to search for."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            _("Your search is too long. Please use at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
        )
    languages = languages_of(locale)
    stop_words = set().union(*(STOP_WORDS.get(language, ()) for language in languages))
    typed = [word for word in words(text) if word not in OPERATORS and fold(word) not in stop_words]
    if not typed:
        raise InvalidQuery(_("Please type at least one word to search for."))
    if len(typed) > MAX_QUERY_WORDS:
        raise InvalidQuery(
            _("Your search has too many words. Please use at most %(count)d.") % {"count": MAX_QUERY_WORDS}
        )
    terms = tuple(
        frozenset().union(*(alternatives(word, language) for language in languages)) for word in dict.fromkeys(typed)
    )
    return Query(text=text, languages=languages, terms=terms)


def search_queryset(queryset, query, locale=None):
    """The items of `queryset` that match `query`, most relevant first, annotated with `search_score`.

    `queryset` is a public queryset of ArticlePage, ClusterPage, Company or Offer, from the model's
    `published(locale)` and possibly narrowed further; `query` is a reader's text or a parsed Query;
    `locale` is a Locale, a language code, or None for every language. The result is a queryset
    (count it, slice it, order it otherwise if asked to). Raises InvalidQuery for a query that
    cannot be searched, with a message for the reader.
    """
    if not isinstance(query, Query):
        query = parse(query, locale)
    match = index_match(query, queryset.model)
    if hasattr(match, "ranked"):  # SQLite: every match scored once, from the FTS5 table (search/sqlite.py)
        return match.ranked(queryset, SCORE)
    backend = get_search_backend()
    narrowed_later = False
    try:
        results = backend.search(query.backend_query(), queryset)
    except FilterFieldError:
        # The queryset filters on something the index cannot (a join, a sector): search the
        # model in the locale, then keep what the queryset keeps.
        narrowed_later = True
        results = backend.search(query.backend_query(), _in_locale(queryset.model, locale))
    results = results.annotate_score("backend_score")

    sign = _score_sign(backend)
    if hasattr(results, "get_queryset"):
        # The database backends answer with a lazy queryset, ranked, counted and sliced in SQL.
        ranked = results.get_queryset().annotate(**{SCORE: F("backend_score") * sign})
        return ranked.filter(pk__in=queryset.values("pk")) if narrowed_later else ranked

    hits = {hit.pk: (hit.backend_score or 0) * sign for hit in results[:MAX_HITS]}
    score = Case(*(When(pk=pk, then=Value(value)) for pk, value in hits.items()), output_field=FloatField())
    return queryset.filter(pk__in=hits).annotate(**{SCORE: score}).order_by(f"-{SCORE}", "-pk")


def search_slice(queryset, query, locale, start, stop, rows=None):
    """(total, items) of the matches of the public `queryset`: how many match, and items start..stop, best first.

    The same items, order and scores as search_queryset's slice, without ranking every match: the
    total is counted without ranking (search/topk.py's count_matches, then count_all_matches past
    a few) and the first `stop` are read from the index as the search page reads them. `rows`, the
    same queryset made ready for what the caller reads of each item, reads the items; an empty
    window (start == stop) only counts. Raises InvalidQuery as parse does.
    """
    if not isinstance(query, Query):
        query = parse(query, locale)
    ranked = stop <= MAX_RANKED_DEPTH
    with kinds_planned(query):
        few = count_matches(queryset, query, locale, FEW_MATCHES)
        items = top_matches(queryset, query, locale, stop, rows=rows)[start:] if few and start < stop and ranked else []
    total = few if few <= FEW_MATCHES else count_all_matches(queryset, query, locale)
    if not ranked and start < total:
        items = list(search_queryset(queryset if rows is None else rows, query, locale)[start:stop])
    return total, items


def _score_sign(backend):
    """1 where a higher backend score is better, -1 where lower is (SQLite's bm25())."""
    return -1 if getattr(backend, "lower_scores_rank_first", False) else 1


def _in_locale(model, locale):
    if locale is None:
        return model._default_manager.all()
    if not isinstance(locale, Locale):
        locale = Locale.objects.filter(language_code=locale).first()
    return model._default_manager.filter(locale=locale)


@dataclass(frozen=True)
class Kind:
    """A kind of search result, as the search page counts and filters them."""

    slug: str
    # Lazy translations, left out of equality and hash: a kind is a key of the search's dicts, and
    # hashing one translated both (60 times a search: 0.6 ms).
    label: str = field(compare=False)  # the facet: all results of this kind
    # One result's kind, shown under its title with the icon `slug` of search/kinds.svg.
    singular: str = field(compare=False)
    model: type
    services: bool | None = None  # offers only: services, or everything else

    def public(self, locale):
        return self._narrowed(self.model.objects.published(locale))

    def items(self):
        """Every item of this kind, public or not, in every language."""
        return self._narrowed(self.model.objects.all())

    def _narrowed(self, queryset):
        if self.services is None:
            return queryset
        return queryset.services() if self.services else queryset.cooperation()


KINDS = (
    Kind("news", _("News"), pgettext_lazy("search result kind", "Article"), ArticlePage),
    Kind("clusters", _("Clusters"), pgettext_lazy("search result kind", "Cluster"), ClusterPage),
    Kind("companies", _("Companies"), pgettext_lazy("search result kind", "Company"), Company),
    Kind("offers", _("Offers"), pgettext_lazy("search result kind", "Offer"), Offer, services=False),
    Kind("services", _("Services"), pgettext_lazy("search result kind", "Service"), Offer, services=True),
)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}


@dataclass
class Hit:
    kind: Kind
    item: object
    score: float


class SiteResults(Sequence):
    """The search page's results: every kind (or one), merged by relevance, sliced lazily for a Paginator.

    Each kind keeps the order search_queryset gives it, the same as the API's; kinds are merged by
    score. Each kind's best matches are found as ids and scores; only the rows the page shows are
    read, by id, from the kinds that have some on it. A search's counts and rankings are kept until
    content changes, so that a repeated search ranks nothing.
    """

    def __init__(self, query, locale, kind=None, per_page=10, page=1):
        self.query = query
        self.locale = locale
        self.kind = kind
        self.per_page = per_page
        self.page = page
        self._ranking = {}  # kind -> [[pk, score, item or None], …], best first
        self._counts = {}  # kind -> matches, at most count_limit + 1
        self._fetched = 0
        self._generation = None  # of the content the counts and rankings are kept for, read by _fetch
        self.count_limit = exact_count_limit()

    def _public(self, kind):
        return public_items(kind, self.locale)

    def _key(self, name, kind, *more):
        # Keyed by the parsed query rather than the SQL, which costs more to compile than to run.
        identity = (repr(self.query), getattr(self.locale, "pk", self.locale), kind.slug, *more)
        return content_key(name, identity, self._generation)

    def _fetch(self, stop):
        """Each shown kind's first `stop` matches (ids and scores, rows where read), and every kind's count."""
        if stop <= self._fetched:
            return
        self._generation = current_generation()  # read once for the search's twenty keys
        # Neither counting nor finding the best matches ranks them all (search/topk.py); both are
        # still kept until content changes, so that a repeated search neither counts nor ranks.
        kept = layer_on("search_rankings")
        counts, rankings, wanted = {}, {}, []
        for kind in KINDS:
            shown = kind in self.shown_kinds
            counts[kind] = content_cache.get(self._key("search_rankings:count", kind)) if kept else None
            ranking = content_cache.get(self._key("search_rankings", kind, stop)) if kept and shown else None
            if ranking is not None:
                rankings[kind] = [[pk, score, None] for pk, score in ranking]  # rows read once chosen
            elif not shown or counts[kind] == 0:
                rankings[kind] = []
            if counts[kind] is None or kind not in rankings:
                wanted.append((kind.slug, self._public(kind), counts[kind], kind not in rankings))
        if wanted:
            # Kinds merged by score: one whose matches all score below the best found so far is not ranked.
            merged = None
            if len(self.shown_kinds) > 1:
                merged = [row[1] for kind in self.shown_kinds for row in rankings.get(kind, [])]
            found = search_kinds(self.query, self.locale, wanted, stop, self.count_limit, merged)
            for kind in KINDS:
                count, ranked = found.get(kind.slug, (None, None))
                if counts[kind] is None:  # counted now
                    counts[kind] = count
                    if kept:
                        content_cache.set(self._key("search_rankings:count", kind), count, CONTENT_SECONDS)
                if ranked is BELOW:
                    rankings[kind] = []  # for this page only: a search of that kind alone shows its best
                elif ranked is not None:
                    rankings[kind] = self._keep(kind, stop, ranked)
        self._ranking = rankings
        self._counts = counts
        self._fetched = stop

    def over_limit(self, kind):
        """Whether a kind has more matches than were counted: the page shows "over 1,000" rather than a number."""
        return self.counts[kind] > self.count_limit

    def _keep(self, kind, stop, ranked):
        ranking = [[pk, score or 0, None] for pk, score in ranked]  # rows read once chosen
        if layer_on("search_rankings"):
            content_cache.set(self._key("search_rankings", kind, stop), [row[:2] for row in ranking], CONTENT_SECONDS)
        return ranking

    def _read_rows(self, chosen):
        """The rows of the chosen matches that were not read with their ranking: one query per kind."""
        missing = {}
        for _score, _order, _position, kind, row in chosen:
            if row[2] is None:
                missing.setdefault(kind, []).append(row)
        for kind, rows in missing.items():
            items = self._public(kind).in_bulk([row[0] for row in rows])
            for row in rows:
                row[2] = items.get(row[0])
                if row[2] is not None:
                    setattr(row[2], SCORE, row[1])

    @property
    def counts(self):
        if not self._fetched:
            self._fetch(self.per_page * self.page)  # the page to be shown comes with the counts
        return self._counts

    @property
    def shown_kinds(self):
        return [self.kind] if self.kind else list(KINDS)

    def __len__(self):
        return sum(self.counts[kind] for kind in self.shown_kinds)

    def __getitem__(self, window):
        if not isinstance(window, slice):
            return self[window : window + 1][0]
        stop = window.stop if window.stop is not None else len(self)
        self._fetch(stop)
        candidates = [
            (-row[1], order, position, kind, row)
            for order, kind in enumerate(self.shown_kinds)
            for position, row in enumerate(self._ranking[kind][:stop])
        ]
        # The first three fields always differ between two candidates, so rows are never compared.
        chosen = sorted(candidates, key=lambda candidate: candidate[:3])[window]
        self._read_rows(chosen)
        # A match no longer public although its ranking is still kept (changed without a publish
        # signal, or during this request) is left out.
        return [
            Hit(kind, row[2], -negative_score) for negative_score, _o, _p, kind, row in chosen if row[2] is not None
        ]


def search_site(text, locale, kind=None, per_page=10, page=1):
    """The search page's results for a reader's text, ready to show the given page; raises InvalidQuery."""
    return SiteResults(parse(text, locale), locale, KINDS_BY_SLUG.get(kind), per_page, page)


def suggest(text, locale, limit=8):
    """Up to `limit` public items whose title has words starting with the words typed, best first."""
    typed = [fold(word) for word in words((text or "")[:MAX_QUERY_LENGTH])][:MAX_QUERY_WORDS]
    if not typed or len("".join(typed)) < MIN_PREFIX_LENGTH:
        return []
    # Whole common words are not indexed; the last word may be the start of any word ("w" -> "wrocław").
    stop_words = set().union(*(STOP_WORDS.get(language, ()) for language in languages_of(locale)))
    typed = list(dict.fromkeys([word for word in typed[:-1] if word not in stop_words] + typed[-1:]))
    backend = get_search_backend()
    if not suggestions.kept_by(backend):
        return _autocomplete(backend, typed, locale, limit)
    # The database backends keep the titles' prefix index (search/suggestions.py): a keystroke costs
    # a few index probes there, however many items match, where a ranked autocomplete ranks them all.
    found = suggestions.suggested(typed, locale, limit)
    return [Hit(kind, item, -float(rank)) for kind, item, rank in found]


def _autocomplete(backend, typed, locale, limit):
    """The type-ahead from a search engine (OpenSearch, Elasticsearch), which ranks prefixes itself."""
    prefixes = And([Term(word) for word in typed]) if len(typed) > 1 else Term(typed[0])
    sign = _score_sign(backend)
    candidates = []
    for order, kind in enumerate(KINDS):
        results = backend.autocomplete(prefixes, kind.public(locale)).annotate_score("backend_score")
        for position, item in enumerate(results[:limit]):
            candidates.append((-(item.backend_score or 0) * sign, order, position, kind, item))
    return [Hit(kind, item, -negative) for negative, _o, _p, kind, item in sorted(candidates)[:limit]]

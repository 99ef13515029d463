"""The search page's best matches per kind, and counts per kind that rank nothing.

Finding the best ten by ranking every match through Wagtail's query, and counting the matches by
a window over that ranked query, both cost as much as the matches are many, and more per match
than they need. Here, on the database backends:

* `count_matches` counts a kind's public matches without ranking them, and stops after
  SEARCH_EXACT_COUNT_LIMIT + 1: above the limit, the page says "over 1,000". On PostgreSQL, a
  count from the kept scores looks up which matches are public only where the kind's items not
  public (search/public.py's hidden_counts) could bring it under the limit.
* `top_matches` ranks in SQL of our own, with the backend's own scores and order, so a kind's
  order stays the one search_queryset (and the API) gives: on SQLite the FTS5 table alone ranks
  with bm25() and a LIMIT (search/sqlite.py), every kind of a search page in one statement
  (`search_kinds`), and a search page of one term scores only the few matches its kept hits name
  (search/hits.py); on PostgreSQL a query of one index term reads its
  matches already in rank order from the kept scores (search/scores.py), a query of several words
  combines its words' kept ranks as the backend would, for the items among each word's first rows in
  rank order where an item not read cannot score higher, otherwise for its words' rows merged by item, and
  only a query of another shape (a phrase, NOT: never the search page's) ranks the index entries
  with the backend's ts_rank formula, no join to the content but the lookup of the public ones
  (search/postgres.py), offers and services sharing one ranking of the offers, each kind's
  matches read from an index of (kind, word) (migration 0005).
* `search_kinds`, for a page of several kinds merged by score, does not rank a kind whose every
  match scores below the page's best found so far, where the kind's match can tell from its words'
  kept ranks without ranking (PostgreSQL, words of one term each).
"""

from contextlib import nullcontext
from functools import partial

from django.conf import settings
from django.db import connection

from wagtail.search.backends import get_search_backend

from cms.after_response import after_response

from .public import every_item, hidden_counts, kept_hidden_counts
from .terms import normalise

# How many times the matches wanted one ranking of a model gives, when its kinds share it.
SHARED_DEPTH = 20


def exact_count_limit():
    """Up to how many matches per kind the search page counts exactly (SEARCH_EXACT_COUNT_LIMIT)."""
    return getattr(settings, "SEARCH_EXACT_COUNT_LIMIT", 1000)


def index_match(query, model, kind=None, matches=None):
    """The query's match over the index entries of `model`, in SQL of our own; None where the backend has none.

    `kind`, the slug of a kind of `model`, narrows it to that kind where the backend can (search/scores.py).
    `matches`, how many public matches the kind has as far as counted, if known, lets it rank few
    matches the way that costs least.
    """
    backend = get_search_backend()
    query = normalise(query.backend_query())  # as the backend would (search/backends.py)
    if getattr(backend, "lower_scores_rank_first", False) and connection.vendor == "sqlite":
        from .sqlite import FullTextMatch  # noqa: PLC0415 - the FTS5 model exists on SQLite only

        match = FullTextMatch(backend, model, query)
        return match if match.supported else None
    if _on_postgres(backend):
        from .postgres import KeptTermsMatch, TermScoreMatch, VectorMatch  # noqa: PLC0415 - PostgreSQL's expressions

        words = _kept_words(backend, query)
        if words is None:
            return VectorMatch(backend, model, query)
        if len(words) == 1 and len(words[0]) == 1:
            return TermScoreMatch(model, words[0][0], kind)
        return KeptTermsMatch(model, words, kind, matches)
    return None


def kinds_planned(query):
    """The context in which a search page's statements run: on PostgreSQL, planned for the index they read."""
    backend = get_search_backend()
    if not _on_postgres(backend):
        return nullcontext()
    from .postgres import (  # noqa: PLC0415 - PostgreSQL's module
        kinds_read_from_the_index,
        terms_read_in_order,
        words_merged_in_order,
    )

    words = _kept_words(backend, normalise(query.backend_query()))
    if words is None:
        return kinds_read_from_the_index()
    if len(words) == 1 and len(words[0]) == 1:
        return terms_read_in_order()
    return words_merged_in_order()


def _on_postgres(backend):
    if connection.vendor != "postgresql":
        return False
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend  # noqa: PLC0415

    return isinstance(backend, PostgresSearchBackend)


def _kept_words(backend, query):
    """The words of a normalised query whose terms' scores are kept (search/scores.py), or None."""
    from .scores import kept_words  # noqa: PLC0415 - a model's module

    return kept_words(query) if backend.config == "simple" else None


def count_matches(queryset, query, locale, limit, kind=None, hidden=None):
    """How many items of the public `queryset` match `query`, counting no further than limit + 1.

    `kind`, the slug of the queryset's kind, if given, lets the backend read that kind's matches alone;
    `hidden`, how many of the kind's items the queryset leaves out (`_hidden_counts`), if known, lets a
    count from the kept scores (PostgreSQL) spare looking up which are public (search/postgres.py's
    count_held).
    """
    from .queries import search_queryset  # noqa: PLC0415 - queries builds on this module

    match = index_match(query, queryset.model, kind)
    if match is not None and hidden is not None and getattr(match, "counts_hidden", False):
        return match.count(queryset, limit + 1, hidden)
    if match is not None:
        return match.count(queryset, limit + 1)
    return search_queryset(queryset, query, locale).order_by().values("pk")[: limit + 1].count()


def _hidden_counts(query, locale):
    """{kind slug: how many of its items its public queryset leaves out} where the kinds' counts read the
    kept scores (PostgreSQL, search/public.py), else {}.

    Not kept since content last changed, they are counted once the response has gone out (at once outside
    a request): the first search after a change looks up each match it counts, as every search did before.
    """
    backend = get_search_backend()
    if not _on_postgres(backend) or _kept_words(backend, normalise(query.backend_query())) is None:
        return {}
    hidden = kept_hidden_counts(locale)
    if hidden is None:
        after_response(partial(hidden_counts, locale))
        hidden = kept_hidden_counts(locale)  # outside a request, counted already
    return hidden or {}


def count_all_matches(queryset, query, locale):
    """How many items of the public `queryset` match `query`, every one counted and none ranked (the API's total).

    The public rows and the matches are joined as the planner likes (each backend's `count_all`):
    for many matches, by hashing one side, where count_matches looks each match up so as to stop
    early. For a few matches, count_matches is the better count: the planner, taking a word and a
    kind as independent, may expect thousands where there is one, and hash every public row for it.
    """
    from .queries import search_queryset  # noqa: PLC0415 - queries builds on this module

    match = index_match(query, queryset.model)
    if match is None:
        return search_queryset(queryset, query, locale).order_by().count()
    return match.count_all(queryset)


def top_matches(queryset, query, locale, stop, shared=None, kind=None, rows=None):
    """The first `stop` matches of `queryset`, best first, each with `search_score`: top_ranked, rows read.

    `rows`, the same queryset made ready for what the caller reads of each item (select_related and
    the like), reads the items.
    """
    from .queries import search_queryset  # noqa: PLC0415 - queries builds on this module

    match = index_match(query, queryset.model, kind)
    if match is None:
        return list(search_queryset(queryset if rows is None else rows, query, locale)[:stop])
    # Reading the rows from the public queryset checks them too: a few unmarked matches need no other check.
    return with_rows(queryset if rows is None else rows, _best(match, queryset, stop, shared, checked=False))


def top_ranked(queryset, query, locale, stop, shared=None, kind=None, matches=None):
    """[(pk, score), …] of the first `stop` matches of the public `queryset`, best first; no row read.

    `shared`, a dict kept for one search, lets kinds of one model (offers and services) share the
    model's ranking where the backend ranks the whole model (PostgreSQL): ranked once, not per kind.
    `kind`, the slug of the queryset's kind, as for count_matches; `matches`, as for index_match.
    """
    from .queries import SCORE, search_queryset  # noqa: PLC0415 - queries builds on this module

    match = index_match(query, queryset.model, kind, matches)
    if match is None:
        return list(search_queryset(queryset, query, locale).values_list("pk", SCORE)[:stop])
    return _best(match, queryset, stop, shared)


def _best(match, queryset, stop, shared=None, checked=True):
    """[(pk, score), …] of `match`'s first `stop` matches that `queryset` holds; see top_ranked.

    Without `checked`, a list of no more than `stop` unmarked matches is left for the caller to check.
    """
    # SQLite's best() keeps to the queryset. PostgreSQL's ranks all matches of the model in a bounded
    # heap, so a kind that shares its model (offers, services) or has drafts may find too few public
    # ones among them; then it ranks the public matches alone, a full sort. Either way the public
    # ones among the best are, in order, the best public ones.
    size = stop * getattr(match, "depth", 1)
    if shared is not None and getattr(match, "ranks_the_model", False):
        # A heap of 50 costs what one of 10 does (ranking every match is the cost); shared by the
        # model's kinds, it holds enough of each when one kind is a sixth of the model (services).
        size = max(size, stop * SHARED_DEPTH)
        key = (queryset.model, size)
        if key not in shared:
            shared[key] = match.best(queryset, size)
        best = shared[key]
    else:
        best = match.best(queryset, size)
    marked = getattr(match, "marks_public", False)
    chosen = _held(queryset, best, stop, marked, checked and not getattr(match, "public_only", False))
    if len(chosen) < stop and len(best) == size and hasattr(match, "best_public"):
        chosen = match.best_public(queryset, stop)  # public alone, best first
    return [(pk, score) for pk, score in chosen]


# A kind's ranking where the page merges kinds by score and none of the kind's matches can be among the
# page's first: [] for that page, and not to be kept as the kind's own ranking.
BELOW = object()


def search_kinds(query, locale, wanted, stop, limit, merged=None):
    """The counts and first `stop` matches of several kinds of one search: {slug: (count, [(pk, score), …] or None)}.

    Only the ids and scores are read: the page reads the rows of the few it shows, of whichever kinds.

    `wanted` is [(slug, public queryset, its count if known or None, whether to rank)]; counts
    stop after limit + 1, as count_matches does, and a kind with no match is not ranked. On SQLite
    one statement scores every match once for all kinds; elsewhere each kind is counted and ranked
    on its own, kinds of one model sharing its ranking.

    `merged`, where the page shows the first `stop` of all kinds merged by score: the scores of the
    rankings it has already (kept from an earlier search). A kind whose every match scores below the
    `stop`-th best so far, as its match can tell without ranking (KeptTermsMatch.scores_below), is
    then not ranked: its ranking is BELOW. At 100,000 items, "firma syntetyczna torun" finds its
    ten best in companies, and offers and services, each a 10 ms ranking, score below them all.

    The search's statements run with its planner settings (kinds_planned); each kind's number of items
    not public (_hidden_counts), which the counts may use, is read before them: where it is counted at
    once (outside a request), it is counted as PostgreSQL plans by default, which suits a count of every item.
    """
    hidden = _hidden_counts(query, locale) if any(count is None for _slug, _queryset, count, _ranking in wanted) else {}
    with kinds_planned(query):
        return _searched_kinds(query, locale, wanted, stop, limit, merged, hidden)


def _searched_kinds(query, locale, wanted, stop, limit, merged, hidden):
    """search_kinds, within the search's planner settings; `hidden`, _hidden_counts."""
    joint = _joint_match(query, wanted, stop, limit)
    if joint is not None:
        return _from_joint(joint, wanted, stop)
    results = {}
    shared = {}
    best = None if merged is None else sorted(merged, reverse=True)[:stop]
    for slug, queryset, count, ranking in wanted:
        if count is None:
            count = count_matches(queryset, query, locale, limit, slug, hidden.get(slug))
        ranked = None
        if ranking:
            if not count:
                ranked = []
            elif best is not None and len(best) == stop and _scores_below(query, queryset.model, slug, count, best[-1]):
                ranked = BELOW
            else:
                ranked = top_ranked(queryset, query, locale, stop, shared, slug, count)
                if best is not None:
                    best = sorted([*best, *(score for _pk, score in ranked)], reverse=True)[:stop]
        results[slug] = (count, ranked)
    return results


def _scores_below(query, model, slug, matches, score):
    """Whether every match of the kind scores below `score`, where its match can tell without ranking."""
    match = index_match(query, model, slug, matches)
    return match is not None and hasattr(match, "scores_below") and match.scores_below(score)


def _joint_match(query, wanted, stop, limit):
    """SQLite's statement for every wanted kind at once (search/sqlite.py), or None where there is none."""
    backend = get_search_backend()
    if not (getattr(backend, "lower_scores_rank_first", False) and connection.vendor == "sqlite"):
        return None
    from .queries import KINDS_BY_SLUG  # noqa: PLC0415 - queries builds on this module
    from .sqlite import KindPart, KindsMatch  # noqa: PLC0415 - the FTS5 model exists on SQLite only

    kinds_of = {}
    for _slug, queryset, _count, _ranking in wanted:
        kinds_of[queryset.model] = kinds_of.get(queryset.model, 0) + 1
    parts = []
    for slug, queryset, count, ranking in wanted:
        match = parts[0].match.for_model(queryset.model) if parts else index_match(query, queryset.model)
        if match is None:
            return None
        # Kinds that share their model (offers, services) look among as many of its best as a shared
        # ranking does elsewhere; a kind of its own model only steps over the few not public.
        shares = kinds_of[queryset.model] > 1
        depth = SHARED_DEPTH if shares else KindPart.OWN_DEPTH
        size = stop if ranking and count != 0 else 0
        count_limit = limit + 1 if count is None else None
        members = every_item(KINDS_BY_SLUG[slug]) if shares else None
        parts.append(KindPart(slug, match, queryset, count_limit, size, depth, members))
    return KindsMatch(parts)


def _from_joint(joint, wanted, stop):
    found = joint.run()
    results = {}
    for slug, _queryset, known, ranking in wanted:
        count, best = found[slug]
        ranked = _held(None, best or [], stop, marked=True) if ranking else None
        results[slug] = (known if count is None else count, ranked)
    return results


def _held(queryset, best, stop, marked=False, checked=True):
    """The first `stop` rows of `best` ([(pk, score), …]) that `queryset` holds, in order: [(pk, score), …].

    With `marked`, the match read which are public with them ([(pk, score, public), …]). Otherwise
    which are public is read by primary key alone; without `checked`, not for a list no longer than
    `stop`, which the caller checks as it reads the rows.
    """
    if marked:
        return [(pk, score) for pk, score, public in best if public][:stop]
    if not checked and len(best) <= stop:
        return best
    public = set(queryset.filter(pk__in=[pk for pk, _score in best]).values_list("pk", flat=True))
    return [(pk, score) for pk, score in best if pk in public][:stop]


def with_rows(queryset, ranked):
    """The items of `ranked` ([(pk, score), …]) that `queryset` holds, in one query, in order, each with its score."""
    from .queries import SCORE  # noqa: PLC0415 - queries builds on this module

    found = queryset.in_bulk([pk for pk, _score in ranked])
    items = []
    for pk, score in ranked:
        if pk in found:
            setattr(found[pk], SCORE, score)
            items.append(found[pk])
    return items

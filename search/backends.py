"""Wagtail's database search backend, in readers' words, with SQLite ranking titles above bodies as PostgreSQL does.

Set as WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends". Every query is first
put into the index's words (search/terms.py), so the admin's searches and choosers find
"klastrów" and "lodz" as the site does; the site's queries arrive in those words already and pass
unchanged. On PostgreSQL (and any other database) the rest is Wagtail's own database backend. On
SQLite, Wagtail's backend scores every match with one unweighted bm25() over the whole row, so a
word in a title counts no more than a word in a body, and it multiplies that score into nonsense
for queries with OR inside AND; the subclass below scores with one bm25() weighted per column
instead.
"""

from functools import cache

# Wagtail 8's search backends live in the modelsearch package; wagtail.search.backends re-exports them.
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from .public import index_changed
from .terms import normalise

# Weights of the columns of Wagtail's SQLite full-text table, in its order: (autocomplete, body, title).
SEARCH_WEIGHTS = (0.0, 1.0, 5.0)
AUTOCOMPLETE_WEIGHTS = (1.0, 0.0, 0.0)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend_class = type(DatabaseSearchBackend(params))
    if backend_class.__name__ == "SQLiteSearchBackend":
        backend_class = weighted_sqlite_backend()
    return readers_words(backend_class)(params)


class ReadersWords:
    """Searches and type-ahead in the index's words, whoever calls them (site, API, admin, choosers)."""

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        query = normalise(query, self._operator(operator))
        return super().search(query, model_or_queryset, fields, operator, order_by_relevance)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        query = normalise(query, self._operator(operator), prefixes=True)
        return super().autocomplete(query, model_or_queryset, fields, operator, order_by_relevance)

    def _operator(self, operator):
        # What the backend itself would combine the words of a typed string with.
        return (operator or self.query_compiler_class.DEFAULT_OPERATOR).lower()


class TitlesKept:
    """An index that keeps the type-ahead's title words (search/suggestions.py) and the one-word search's
    scores (PostgreSQL, search/scores.py) or terms' hits (SQLite, search/hits.py) in step with its entries.

    Everything that indexes goes through here: saves and publishes, deletes, bulk loads
    (`add_bulk`) and rebuilds (the rebuilder's `add_items`, after `delete_stale_entries`).
    """

    def add_items(self, model, items):
        super().add_items(model, items)
        suggestions().index_titles(model, items)
        scores().index_scores(model, items)
        hits().index_hits(model, items)
        index_changed()

    def delete_item(self, item):
        super().delete_item(item)
        suggestions().remove_titles(item)
        scores().remove_scores(item)
        hits().remove_hits(item)
        index_changed()

    def reset(self):
        super().reset()
        suggestions().remove_all_titles()
        scores().remove_all_scores()
        hits().remove_all_hits()
        index_changed()

    def delete_stale_entries(self):
        super().delete_stale_entries()
        suggestions().remove_stale_titles()
        scores().remove_stale_scores()
        hits().remove_stale_hits()
        index_changed()


class ScoresRefilled:
    """A PostgreSQL rebuild ends by setting every entry's title length factor again (`title_norm`, which
    depends on the average title), and every kept score holds that factor: they are all filled again then."""

    def finish(self):
        super().finish()
        scores().fill_scores()


def suggestions():
    # Imported when first used: the module defines a model, which cannot be imported before the apps are.
    from search import suggestions

    return suggestions


def scores():
    from search import scores  # as suggestions()

    return scores


def hits():
    from search import hits  # as suggestions()

    return hits


@cache
def readers_words(backend_class):
    index_class = type(backend_class.index_class.__name__, (TitlesKept, backend_class.index_class), {})
    attributes = {"index_class": index_class, "keeps_type_ahead_titles": True}  # read by search/suggestions.py
    if backend_class.__name__ == "PostgresSearchBackend":
        for name in ("rebuilder_class", "atomic_rebuilder_class"):
            rebuilder = getattr(backend_class, name)
            attributes[name] = type(rebuilder.__name__, (ScoresRefilled, rebuilder), {})
    return type(backend_class.__name__, (ReadersWords, backend_class), attributes)


@cache
def weighted_sqlite_backend():
    # Imported here: the SQLite module needs the full-text table model, which exists on SQLite only.
    from modelsearch.backends.database.sqlite.query import BM25
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class WeightedBM25(BM25):
        """bm25() with a weight per column; as with plain bm25(), lower (more negative) is better."""

        def __init__(self, weights):
            super().__init__()
            self.weights = weights

        def as_sql(self, compiler, connection, function=None, template=None):
            weights = ", ".join(str(float(weight)) for weight in self.weights)
            return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []

    class WeightedRank:
        weights = SEARCH_WEIGHTS

        def build_tsrank(self, vector, query, config=None, boost=1.0):
            # bm25() already scores the whole MATCH expression, whatever its ANDs and ORs.
            return WeightedBM25(self.weights)

        def get_index_vectors(self):
            return [(None, 1.0)]

    class WeightedSearchQueryCompiler(WeightedRank, SQLiteSearchQueryCompiler):
        pass

    class WeightedAutocompleteQueryCompiler(WeightedRank, SQLiteAutocompleteQueryCompiler):
        weights = AUTOCOMPLETE_WEIGHTS

    class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = WeightedSearchQueryCompiler
        autocomplete_query_compiler_class = WeightedAutocompleteQueryCompiler
        lower_scores_rank_first = True  # read by search.queries, which merges kinds by score

    return WeightedSQLiteSearchBackend

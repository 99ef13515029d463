"""SQLite: the matches of a model read from the FTS5 table alone, ranked there with bm25() and a LIMIT.

Wagtail's SQLite backend joins the full-text table to the index entries of a model in an order
that makes SQLite run the full-text match once per entry of the model, then scores each result by
running the match again; at 100,000 items either costs seconds. Here the FTS5 table drives every
query (CROSS JOIN fixes the order), and the best matches are ranked with the backend's own weighted
bm25() in the same query. Imported only on SQLite: the FTS5 model exists there alone.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.conf import get_app_config
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

FTSIndexEntry = get_app_config().get_model("SQLiteFTSIndexEntry")
IndexEntry = get_app_config().get_model("IndexEntry")


class FullTextMatch:
    """A query's match over the FTS5 table, restricted to the index entries of one model, as SQL of its own."""

    def __init__(self, backend, model, query):
        query = normalize(query)
        self.supported = not isinstance(query, MatchAll | Not)
        if not self.supported:
            return
        query_compiler = backend.query_compiler_class(model._default_manager.none(), query)
        match = MatchExpression(
            query_compiler.FTS_TABLE_FIELDS, query_compiler.build_search_query(query, config=backend.config)
        )
        sql_compiler = FTSIndexEntry.objects.filter(match).query.get_compiler(connection=connection)
        self.match_sql, self.match_params = sql_compiler.compile(match)
        self.score_sql, self.score_params = sql_compiler.compile(query_compiler.build_tsrank(None, query))
        self.content_types = list(get_descendants_content_types_pks(model))
        self.sign = -1 if getattr(backend, "lower_scores_rank_first", False) else 1

    def _from(self):
        fts = connection.ops.quote_name(FTSIndexEntry._meta.db_table)
        entries = connection.ops.quote_name(IndexEntry._meta.db_table)
        content_types = ", ".join(str(int(pk)) for pk in self.content_types) or "NULL"
        return (
            f"FROM {fts} CROSS JOIN {entries} entry ON entry.id = {fts}.rowid "
            f"WHERE {self.match_sql} AND entry.content_type_id IN ({content_types})"
        )

    def count(self, queryset, limit):
        """How many matches `queryset` holds, counting no further than `limit`."""
        # Only quoted names and integers are formatted into the SQL; the match is a parameter.
        matches = RawSQL(f"SELECT CAST(entry.object_id AS INTEGER) {self._from()}", self.match_params)  # noqa: S611
        return queryset.filter(pk__in=matches).order_by().values("pk")[:limit].count()

    def best(self, queryset, limit):
        """[(pk, score), …] of the `limit` best matches in `queryset`, in the backend's order and with its scores."""
        public_sql, public_params = queryset.order_by().values("pk").query.sql_with_params()
        sql = (
            f"SELECT CAST(entry.object_id AS INTEGER) AS target, {self.score_sql} AS score {self._from()} "
            f"AND target IN ({public_sql}) "
            "ORDER BY score, target DESC LIMIT %s"  # the backend's order: bm25() (lower is better), then newest first
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.score_params, *self.match_params, *public_params, limit])
            return [(pk, score * self.sign) for pk, score in cursor.fetchall()]

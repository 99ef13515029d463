"""SQLite: the matches of a model read from the FTS5 table alone, ranked there with bm25() and a LIMIT.

Wagtail's SQLite backend joins the full-text table to the index entries of a model in an order
that makes SQLite run the full-text match once per entry of the model, then scores each result by
running the match again; at 100,000 items either costs seconds. Here the FTS5 table drives every
query (CROSS JOIN fixes the order), and the best matches are ranked with the backend's own weighted
bm25() in the same query. Imported only on SQLite: the FTS5 model exists there alone.
"""

from django.db import connection
from django.db.models import FloatField
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

    def _public(self, queryset):
        """SQL that holds for a match `queryset` keeps: a lookup by primary key, so only matches are read."""
        target = RawSQL("CAST(entry.object_id AS INTEGER)", [])
        sql, params = queryset.filter(pk=target).order_by().values("pk").query.sql_with_params()
        return f"EXISTS ({sql})", params

    def count(self, queryset, limit):
        """How many matches `queryset` holds, counting no further than `limit`.

        The matches drive, each looked up in `queryset`, so the count stops after `limit` public
        matches; `queryset.filter(pk__in=matches)` would read every public row first.
        """
        public_sql, public_params = self._public(queryset)
        # Only quoted names and integers are formatted into the SQL; the match is a parameter.
        sql = f"SELECT COUNT(*) FROM (SELECT 1 {self._from()} AND {public_sql} LIMIT %s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.match_params, *public_params, limit])
            return cursor.fetchone()[0]

    def best(self, queryset, limit):
        """[(pk, score), …] of the `limit` best matches in `queryset`, in the backend's order and with its scores."""
        public_sql, public_params = self._public(queryset)
        sql = (
            f"SELECT CAST(entry.object_id AS INTEGER) AS target, {self.score_sql} AS score {self._from()} "
            f"AND {public_sql} "
            "ORDER BY score, target DESC LIMIT %s"  # the backend's order: bm25() (lower is better), then newest first
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.score_params, *self.match_params, *public_params, limit])
            return [(pk, score * self.sign) for pk, score in cursor.fetchall()]

    def ranked(self, queryset, score_name):
        """`queryset`'s matches as a queryset, best first, each annotated with the backend's score.

        The scores of every match are computed once, from the FTS5 table, in a subquery that
        `LIMIT -1` keeps SQLite from flattening: it is materialised once and looked up by an
        automatic index, where a per-row score (Wagtail's plan) runs the match once per row.
        """
        model = queryset.model
        quote = connection.ops.quote_name
        # The model's own table holds its primary key, also for a page (articles_articlepage.page_ptr_id).
        outer_pk = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
        matches = RawSQL(f"SELECT CAST(entry.object_id AS INTEGER) {self._from()}", self.match_params)  # noqa: S611
        scored = f"SELECT CAST(entry.object_id AS INTEGER) AS target, {self.score_sql} AS score {self._from()} LIMIT -1"
        score = RawSQL(  # noqa: S611 - only quoted names and integers are formatted in
            f"SELECT {self.sign} * scored.score FROM ({scored}) scored WHERE scored.target = {outer_pk}",  # noqa: S608
            [*self.score_params, *self.match_params],
            output_field=FloatField(),
        )
        # The backend's order: best score first, then newest first.
        return queryset.filter(pk__in=matches).annotate(**{score_name: score}).order_by(f"-{score_name}", "-pk")

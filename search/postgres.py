"""PostgreSQL: the matches of a model counted and ranked from the index entries alone, and RUM's candidates.

The backend's own query joins every match to its content row before ranking it; here the index
entries are ranked by the backend's own formula (so the order is the same) in a bounded heap, and
only the best are looked up in the public queryset.

Migration 0004 creates the `rum` extension and a RUM index over `title || body` (the weighted
vector the backend matches) where the server offers the extension. RUM returns matches ordered by
its distance (`vector <=> query`), which weighs title words above body words but is not the
site's formula (no title-length factor, cover density rather than ts_rank), so its candidates,
ranked again with the backend's scores, may miss some of the site's first ten: that path is taken
only with SEARCH_RANK_WITH_RUM (search/topk.py).
"""

import logging
from contextlib import contextmanager
from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, F, FloatField, Func, OuterRef, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

logger = logging.getLogger(__name__)

IndexEntry = get_app_config().get_model("IndexEntry")
RUM_INDEX = "search_indexentry_title_body_rum"
KIND_INDEX = "search_indexentry_kind_title_body_gin"


class RumDistance(Func):
    """`vector <=> query`: RUM's distance, smaller for better matches, read in order from a RUM index."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def _index_exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone() is not None


def rum_index_exists():
    """Whether this database has the RUM index; when it has not, says so once per process in the log."""
    return _rum_index_exists(connection.settings_dict["NAME"])


@cache
def _rum_index_exists(database_name):
    exists = _index_exists(RUM_INDEX)
    if not exists:
        logger.warning(
            "Search: SEARCH_RANK_WITH_RUM is set but database %s has no RUM index (%s), so the search page "
            "ranks every match as without the setting. Install PostgreSQL's rum extension (Debian: "
            "postgresql-15-rum), then run manage.py migrate.",
            database_name,
            RUM_INDEX,
        )
    return exists


@cache
def _kind_index_exists(database_name):
    exists = _index_exists(KIND_INDEX)
    if not exists:
        logger.warning(
            "Search: database %s has no index of each kind's words (%s), so every search reads the matches "
            "of all kinds. Install PostgreSQL's contrib extensions (btree_gin), then run manage.py migrate.",
            database_name,
            KIND_INDEX,
        )
    return exists


@contextmanager
def planned(**settings):
    """Within it, PostgreSQL plans with these settings: SET LOCAL in a savepoint, restored before the block
    ends (a released savepoint would keep them until the transaction's end)."""
    names = sorted(settings)
    with transaction.atomic(), connection.cursor() as cursor:
        reads = ", ".join("current_setting(%s), set_config(%s, %s, true)" for _name in names)
        cursor.execute(f"SELECT {reads}", [part for name in names for part in (name, name, settings[name])])
        previous = cursor.fetchone()[0::2]
        yield
        # Not reached after an error: rolling back to the savepoint restores the settings then.
        restores = ", ".join("set_config(%s, %s, true)" for _name in names)
        cursor.execute(f"SELECT {restores}", [part for pair in zip(names, previous, strict=True) for part in pair])


@contextmanager
def kinds_read_from_the_index():
    """Within it, PostgreSQL reads a kind's matches from the index of each kind's words (migration 0005).

    The planner takes a kind and a word as independent: with "firma" in two thirds of all entries
    and news a third of them, it expects 22,000 news matches and reads the whole table, where the
    index gives the one there is in a millisecond. Sequential scans are put off for these statements
    only; for the densest kinds the index costs no more than the table did (bench/RESULTS-search.md).
    """
    if not _kind_index_exists(connection.settings_dict["NAME"]):
        yield
        return
    with planned(enable_seqscan="off"):
        yield


def terms_read_in_order():
    """Within it, PostgreSQL reads a kept term's rows (search/scores.py) in order and looks each one up.

    The same independence makes the planner expect 2,600 companies with "klaster" (a third of the
    word's rows) where there are two: it then reads all 33,000 public companies into a hash to
    match them (9 ms) rather than look the two up (0.1 ms), or scans the whole table of scores
    hoping to meet the kind's rows early. A count stops after 1,001 public matches, so reading the
    term's rows in order and looking each up is never much worse and often far better.
    """
    return planned(enable_seqscan="off", enable_hashjoin="off", enable_mergejoin="off")


class VectorMatch:
    """A query's match over the index entries of one model, as the backend matches it (`title || body @@ query`)."""

    depth = 4  # best() looks at this many times the matches wanted: some are not public or of another kind
    ranks_the_model = True  # best() ranks every match of the model, whatever the queryset: kinds of one model share it

    def __init__(self, backend, model, query):
        compiler = backend.query_compiler_class(model._default_manager.none(), query)
        self.tsquery = compiler.build_tsquery(query, config=backend.config)
        # The backend's score: the title's rank times the title's length factor, plus the body's rank.
        self.score = compiler.build_tsrank(F("title"), query, config=backend.config) * F(
            "title_norm"
        ) + compiler.build_tsrank(F("body"), query, config=backend.config) * Value(1.0)
        self.vector = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        self.entries = (
            IndexEntry.objects.filter(content_type__in=get_descendants_content_types_pks(model))
            .annotate(vector=self.vector, target=Cast("object_id", BigIntegerField()))
            .filter(vector=self.tsquery)
        )

    def count(self, queryset, limit):
        """How many matches `queryset` holds, counting no further than `limit`: no ranking.

        The index entries drive, each checked against `queryset` by its primary key, so the count
        stops after `limit` public matches; `queryset.filter(pk__in=matches)` hashes every match first.
        """
        public = queryset.filter(pk=OuterRef("target")).order_by()
        return self.entries.filter(Exists(public)).values("pk")[:limit].count()

    def best(self, queryset, limit):
        """[(pk, score), …] of the `limit` best matches of the model, public or not, by the backend's own formula.

        Every match is still ranked (ts_rank reads each one's vectors), but from the index entries
        alone, kept in a bounded heap: joined to the content first, PostgreSQL sorts every match.
        The caller keeps the public ones and asks for more when too few are.
        """
        return list(
            self.entries.annotate(score=self.score)
            .order_by("-score", "-target")  # the backend's order: best first, then newest first
            .values_list("target", "score")[:limit]
        )

    def best_public(self, queryset, limit):
        """[(pk, score), …] of the `limit` best matches in `queryset`: joined first, so every match is sorted."""
        return list(
            self.entries.filter(target__in=queryset.order_by().values("pk"))
            .annotate(score=self.score)
            .order_by("-score", "-target")
            .values_list("target", "score")[:limit]
        )

    def candidates(self, queryset, limit):
        """The primary keys of the `limit` matches in `queryset` RUM ranks first (a subquery); None without RUM."""
        if not rum_index_exists():
            return None
        return (
            self.entries.filter(target__in=queryset.order_by().values("pk"))
            .order_by(RumDistance(self.vector, self.tsquery))
            .values("target")[:limit]
        )


class TermScoreMatch(VectorMatch):
    """A query of one index term, read from the kept scores of search/scores.py: already in rank order.

    The same rows, scores and order as VectorMatch's for that term, but nothing is ranked: best()
    reads the first rows of one index range, count() reads that range up to its limit. Given a
    kind, it reads that kind's rows alone (services apart from the other offers).
    """

    def __init__(self, model, term, kind=None):
        from .scores import TermScore  # noqa: PLC0415 - a model, imported once the apps are ready
        from .suggestions import kind_slugs_of  # noqa: PLC0415

        self.ranks_the_model = kind is None
        self.score = F("rank")
        self.entries = TermScore.objects.filter(term=term, kind__in=[kind] if kind else kind_slugs_of(model)).annotate(
            target=F("object_id")
        )

    def count(self, queryset, limit):
        """As VectorMatch's, read in the index's order: without it, a word in a twentieth of all rows
        has PostgreSQL scan the table, hoping to meet this kind's rows early, and that hope may cost
        a second of reading."""
        public = queryset.filter(pk=OuterRef("target")).order_by()
        return self.entries.filter(Exists(public)).order_by("-rank", "-object_id").values("pk")[:limit].count()

    def candidates(self, queryset, limit):
        return None  # already read in rank order: RUM has nothing to add

"""PostgreSQL: the matches of a model counted and ranked from kept scores, or from the index entries alone.

The backend's own query joins every match to its content row before ranking it with ts_rank. The
site's queries (a term, or an AND of words each one term or an OR of a few) are read here from the
scores kept per term and item (search/scores.py): a term's best matches in rank order
(TermScoreMatch), several words combined with the backend's own arithmetic, for the items among
each word's first rows in rank order where no other can score higher, else merged by item
(KeptTermsMatch). Any other query (VectorMatch) ranks the index entries by the backend's own
formula in a bounded heap, and only the best are looked up in the public queryset. Either way the
order and the scores are the backend's.
"""

import logging
import math
from contextlib import contextmanager
from functools import cache
from itertools import combinations
from typing import NamedTuple

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, F, OuterRef, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

from .public import held_by

logger = logging.getLogger(__name__)

IndexEntry = get_app_config().get_model("IndexEntry")
KIND_INDEX = "search_indexentry_kind_title_body_gin"


def _index_exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone() is not None


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
    term's rows in order and looking each up is never much worse and often far better. Nor do parallel
    workers pay for so short a read: at 100,000 items, the services' count of "syntetyczny" took 14 ms
    with two, 5 ms without (most of it their start).
    """
    return planned(
        enable_seqscan="off", enable_hashjoin="off", enable_mergejoin="off", max_parallel_workers_per_gather="0"
    )


def words_merged_in_order():
    """Within it, PostgreSQL reads each word's kept rows (search/scores.py) in item order from their covering
    index and merges them by item (KeptTermsMatch)."""
    return planned(enable_seqscan="off", enable_hashjoin="off", max_parallel_workers_per_gather="0")


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

    def targets(self):
        """SQL of the primary key (`target`) of every match, public or not, and its parameters."""
        return self.entries.values("target").query.sql_with_params()

    def count_all(self, queryset):
        """How many matches `queryset` holds, every one: see count_all_held."""
        return count_all_held(queryset, *self.targets())

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


class TermScoreMatch(VectorMatch):
    """A query of one index term, read from the kept scores of search/scores.py: already in rank order.

    The same rows, scores and order as VectorMatch's for that term, but nothing is ranked: best()
    reads the first rows of one index range, count() reads that range up to its limit. Given a
    kind, it reads that kind's rows alone (services apart from the other offers).
    """

    ranks_the_model = False  # its best rows are marked public for one queryset: not to be shared by kinds
    marks_public = True
    counts_hidden = True  # count() takes the kind's number of hidden items

    def __init__(self, model, term, kind=None):
        from .suggestions import kind_slugs_of  # noqa: PLC0415 - a model's module

        self.score = F("rank")
        self.kinds = [kind] if kind else list(kind_slugs_of(model))
        self.term = term

    @cached_property
    def entries(self):
        """The term's kept rows as a queryset, for what VectorMatch does with them: built only then, as
        the search page's statements are written here and a queryset costs a third of a millisecond."""
        from .scores import TermScore  # noqa: PLC0415 - a model, imported once the apps are ready

        return TermScore.objects.filter(term=self.term, kind__in=self.kinds).annotate(target=F("object_id"))

    def best(self, queryset, limit):
        """[(pk, score, public), …] of the `limit` best matches, each marked whether `queryset` holds it:
        the term's first rows in rank order (`_first_in_rank_order`)."""
        first_sql, params = _first_in_rank_order(self.term, self.kinds, limit)
        return marked_public(queryset, f"SELECT object_id, rank AS score FROM ({first_sql}) first", params)  # noqa: S608

    def _kept(self):
        """The FROM and WHERE of this term's rows, and their parameters: named `matched`, as in the
        kind's other statements, so that held_by compiles the public queryset once for them."""
        on_kind, kinds = _on_kinds(self.kinds, "matched.kind")
        return f"FROM {_scores_table()} matched WHERE matched.term = %s AND {on_kind}", [self.term, kinds]

    def count(self, queryset, limit, hidden=None):
        """As VectorMatch's, read in the index's order: without it, a word in a twentieth of all rows
        has PostgreSQL scan the table, hoping to meet this kind's rows early, and that hope may cost
        a second of reading. `hidden`: see count_held."""
        kept_sql, kept_params = self._kept()
        public_sql, public_params = held_by(queryset, "matched.object_id")
        # The index gives one kind's rows in this order; of several kinds (a model's), sorting them
        # would look up every match first, so they are read as the index holds them.
        order = "ORDER BY matched.rank DESC, matched.object_id DESC" if len(self.kinds) == 1 else ""
        checked = f"SELECT count(*) FROM (SELECT 1 {kept_sql} AND {public_sql} {order} LIMIT %s) counted"  # noqa: S608
        unchecked = f"SELECT count(*) FROM (SELECT 1 {kept_sql} LIMIT %s) counted"  # noqa: S608
        return count_held((checked, [*kept_params, *public_params]), (unchecked, kept_params), limit, hidden)


def _scores_table():
    from .scores import TermScore  # noqa: PLC0415 - a model, imported once the apps are ready

    return connection.ops.quote_name(TermScore._meta.db_table)


def _first_in_rank_order(term, kinds, limit):
    """SQL of a term's first `limit` kept rows of these kinds (`object_id`, `rank`), best first, and its parameters.

    The index search_termscore_best gives one kind's rows in rank order: of several kinds (a model's,
    for the API), each kind's first are read so and merged, where sorting them all cost 14 ms for
    "syntetyczny".
    """
    order = "ORDER BY rank DESC, object_id DESC"
    per_kind = " UNION ALL ".join(
        f"(SELECT object_id, rank FROM {_scores_table()} WHERE term = %s AND kind = %s {order} LIMIT %s)"  # noqa: S608
        for _kind in kinds
    )
    params = [part for kind in kinds for part in (term, kind, limit)]
    return f"SELECT object_id, rank FROM ({per_kind}) kept {order} LIMIT %s", [*params, limit]  # noqa: S608


def _on_kinds(kinds, column):
    """SQL that keeps the rows of these kinds, and its parameter. One kind is compared by equality: the
    indexes on (term, kind, …) then give its rows in their order, and a LIMIT stops reading them."""
    return (f"{column} = %s", kinds[0]) if len(kinds) == 1 else (f"{column} = ANY(%s)", list(kinds))


def count_all_held(queryset, targets_sql, params):
    """How many rows of `targets_sql` (a match's `target`s) `queryset` holds, all counted, none ranked.

    No planner settings: for many matches PostgreSQL hashes the public rows and probes them with
    every match, a semi-join that need not make the matches distinct first, as `pk IN (…)` must
    (at 100,000 items, 24 ms for the 33,334 offers matching "firma", where IN took 38).
    """
    public_sql, public_params = held_by(queryset, "matches.target")
    sql = f"SELECT count(*) FROM ({targets_sql}) matches WHERE {public_sql}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *public_params])
        return cursor.fetchone()[0]


def count_held(checked, unchecked, limit, hidden=None):
    """How many matches of a kind its public queryset holds, counting no further than `limit`.

    `checked` and `unchecked` are each a count's SQL, ending in `LIMIT %s`, and its parameters but the
    limit: of the matches the queryset holds, each looked up (a few microseconds each: at 100,000
    items, 4 of the 8 ms that counting "firma syntetyczna torun" to 1,001 companies took), and of
    every match. `hidden`, how many of the kind's items the queryset leaves out (search/public.py's
    hidden_counts), spares the lookups: where at least `limit + hidden` items match, at least `limit`
    are public; where none is hidden, every match is. Otherwise, and where so many are hidden that
    reading `limit + hidden` matches would cost more than looking `limit` up, the checked count
    alone. Both in one statement: PostgreSQL runs the checked count only if the CASE needs it.
    """
    (checked_sql, checked_params), (unchecked_sql, unchecked_params) = checked, unchecked
    if hidden is None or hidden > limit:
        sql, params = checked_sql, [*checked_params, limit]
    elif hidden == 0:
        sql, params = unchecked_sql, [*unchecked_params, limit]
    else:
        sql = f"SELECT CASE WHEN ({unchecked_sql}) >= %s THEN %s ELSE ({checked_sql}) END"
        params = [*unchecked_params, limit + hidden, limit + hidden, limit, *checked_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def marked_public(queryset, best_sql, params):
    """The rows of `best_sql` (object_id, score; best first, limited) as [(pk, score, public), …]: whether
    `queryset` holds each is looked up for those rows alone, in the same statement."""
    public_sql, public_params = held_by(queryset, "matched.object_id")  # the kind's count names it so too
    sql = (
        f"SELECT matched.object_id, matched.score, {public_sql} FROM ({best_sql}) matched "  # noqa: S608
        "ORDER BY matched.score DESC, matched.object_id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*public_params, *params])
        return cursor.fetchall()


class _Sql(str):
    """SQL text that +, -, * and / combine as Django combines expressions, each operation in parentheses:
    fed to Wagtail's own ADD and MUL, it gives the arithmetic of the backend's score in the same order."""

    def _combine(self, other, operator, reverse=False):
        left, right = (other, self) if reverse else (self, other)
        return _Sql(f"({left} {operator} {right})")

    def __add__(self, other):
        return self._combine(other, "+")

    def __radd__(self, other):
        return self._combine(other, "+", reverse=True)

    def __sub__(self, other):
        return self._combine(other, "-")

    def __mul__(self, other):
        return self._combine(other, "*")

    def __truediv__(self, other):
        return self._combine(other, "/")


class KeptTermsMatch:
    """A query of several kept terms (search/scores.py), scored from their kept parts: nothing is ranked by ts_rank.

    The site's queries are an AND of words, each word one index term or an OR of a few ("lodz": łódź,
    łodzia, łodzić). The backend scores such a query by combining each term's ts_rank over the title
    and over the body (1 + rank multiplied for AND, ranks averaged for OR); those ranks are kept per
    term and item, so the same arithmetic on them gives the same float. Each word's rows are read in
    item order from one covering index (search_termscore_parts) and merged by item, which is what
    matching every word is: a search of two words in 28,000 offers each costs 15 ms, where ranking
    the vectors cost 120.

    For words of one term each, best() first reads only each word's first rows in rank order and
    scores the items found there (`_best_of_the_first`); merging every match is left for when those
    cannot be shown to be the best.
    """

    # best() gives the best public matches from the first rows; merging every match, it marks the
    # public ones among `merge_depth` times as many.
    depth = 1
    merge_depth = 4
    ranks_the_model = False
    marks_public = True
    counts_hidden = True  # count() takes the kind's number of hidden items
    # How many times the matches wanted best() reads of each word's best rows before it merges them all.
    first_rows = 10

    def __init__(self, model, words, kind=None, matches=None):
        """`words`: per word, its terms (one or more). Given a kind, it reads that kind's rows alone.
        `matches`, how many public matches the kind has as far as counted, if known."""
        from .suggestions import kind_slugs_of  # noqa: PLC0415

        self.kinds = [kind] if kind else list(kind_slugs_of(model))
        self.matches = matches
        # Ranked from each word's first rows only where every word is one term: a word of several
        # terms has no rank order of its own in the index.
        self.terms = [terms[0] for terms in words] if all(len(terms) == 1 for terms in words) else None
        self.relation, self.params = _merged(words, self.kinds)
        self.words = words

    def targets(self):
        """SQL of the primary key (`target`) of every match, public or not, and its parameters."""
        return f"SELECT object_id AS target FROM ({self.relation}) matches", self.params  # noqa: S608

    def count_all(self, queryset):
        """How many matches `queryset` holds, every one: see count_all_held."""
        return count_all_held(queryset, *self.targets())

    def scores_below(self, score):
        """Whether every match scores below `score`, as far as each word's highest kept rank and parts in the
        kinds show (score_bound): one statement of index lookups, where ranking the kind's best takes several.
        Never where a word is several terms, which score_bound does not cover."""
        if self.terms is None:
            return False
        reads = [
            _highest(term, value, condition, self.kinds)
            for term in self.terms
            for value, condition in (("rank", "true"), *HIGHEST)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(sql for sql, _params in reads)}",
                [param for _sql, params in reads for param in params],
            )
            values = cursor.fetchone()
        read = 1 + len(HIGHEST)
        ranks = [values[start] for start in range(0, len(values), read)]
        highest = [Highest(*values[start + 1 : start + read]) for start in range(0, len(values), read)]
        return score_bound(ranks, highest) * (1 + BOUND_MARGIN) < score

    def best(self, queryset, limit):
        """[(pk, score, public), …] of the `limit` best matches, each marked whether `queryset` holds it."""
        # A kind with fewer public matches than wanted has its few merged at once: its first rows would
        # seldom hold as many, and their statement costs a millisecond more to plan.
        if self.terms is not None and (self.matches is None or self.matches >= limit):
            best = self._best_of_the_first(queryset, limit)
            if best is not None:
                return best
        size = limit * self.merge_depth
        best = self._best_of(queryset, self.relation, self.params, size)
        if len(best) == size and sum(public for _pk, _score, public in best) < limit:
            return [(pk, score, True) for pk, score in self.best_public(queryset, limit)]  # public alone, best first
        return best

    @staticmethod
    def _best_of(queryset, relation, params, limit):
        order = "ORDER BY score DESC, object_id DESC"
        sql = f"SELECT object_id, score FROM ({relation}) matches {order} LIMIT %s"  # noqa: S608
        return marked_public(queryset, sql, [*params, limit])

    def _best_of_the_first(self, queryset, limit):
        """best(), from each word's first rows in rank order alone, or None where they may not hold the best.

        A threshold algorithm (Fagin's): the items among each word's first `first_rows` × `limit`
        rows in rank order are scored exactly, as the merge scores them, and the public ones kept.
        An item found in none of them ranks no higher than `score_bound` of the last rank read of
        each word and of the highest title and body ranks among each word's rows not read, so
        where the `limit`-th best public item found scores above that bound, or equals it and is
        newer than the last rows read (ties go newest first), the items found hold the best public
        ones. Where a word has fewer rows than were read, every match was found. One short
        statement, where merging every match of two words in 33,000 articles each took 15 ms.
        """
        reads = self.first_rows * limit
        best, lasts, highest = self._first_rows_scored(queryset, reads, limit)
        if any(count < reads for count, _pk, _rank in lasts):
            return best  # a word's every row was read: every match is among those found
        if len(best) < limit:
            return None
        pk, score, _public = best[-1]
        bound = score_bound([rank for _count, _pk, rank in lasts], highest)
        if score > bound * (1 + BOUND_MARGIN):
            return best
        # A tie with the bound: an item not found scores it only with each word's last rank read, and
        # so is older than each word's last row read (the index's ties go newest first).
        if score >= bound * (1 - BOUND_MARGIN) and min(last for _count, last, _rank in lasts) <= pk:
            return best
        return None

    def _first_rows_scored(self, queryset, reads, limit):
        """The `limit` best public items among each term's first `reads` rows of the kinds in rank order,
        as best() gives them; per term, how many rows were read and the last one's primary key and rank;
        and per term the `Highest` title rank, title part and body rank of its rows ranked no higher than
        the last read (every row not read, and some read), in those kinds: one statement.

        Bounded by the rows not read, not by the kind's every row, a word that a few items hold in their
        titles and read first ("Toruń" in two companies' names) no longer lets an item not read score
        as if it held the word in its title too: at 100,000 items, "firma syntetyczna torun" then stops
        after each word's first 100 rows for companies, offers and services alike, where every match of
        two kinds was merged."""
        firsts, selects, params, word_params = [], [], [], []
        for position, term in enumerate(self.terms):
            first_sql, first_params = _first_in_rank_order(term, self.kinds, reads)
            firsts.append(f"first{position} AS MATERIALIZED ({first_sql})")
            params += first_params
            # Each highest value of the rows not read, from its index (search/scores.py) for each kind: rows
            # ranked above the last read were all read, so the scan skips fewer rows than were read.
            not_read = f"rank <= (SELECT min(rank) FROM first{position})"  # noqa: S608
            highest = [_highest(term, value, f"{condition} AND {not_read}", self.kinds) for value, condition in HIGHEST]
            selects.append(
                f"SELECT {position}, count(*), min(object_id) FILTER (WHERE rank = last.least), last.least, "  # noqa: S608
                f"NULL::boolean, {', '.join(sql for sql, _params in highest)} FROM first{position}, "
                f"(SELECT min(rank) AS least FROM first{position}) last GROUP BY last.least"
            )
            word_params += [param for _sql, params in highest for param in params]
        # Only quoted names and numbers made here are formatted into the SQL; terms are parameters.
        seen = " UNION ".join(f"SELECT object_id FROM first{position}" for position in range(len(self.terms)))  # noqa: S608
        # One array, looked up in each word's rows by the index: simpler to plan than a join to the union.
        firsts.append(f"seen AS MATERIALIZED (SELECT array_agg(object_id) AS items FROM ({seen}) seen)")  # noqa: S608
        relation, relation_params = _merged(self.words, self.kinds, "(SELECT items FROM seen)::bigint[]")
        public_sql, public_params = held_by(queryset, "matched.object_id")
        # The best public items found: a few hundred looked up, where the page wants a few of them.
        best_sql = (
            f"SELECT -1, NULL::bigint, best.object_id, best.score, true, "  # noqa: S608
            f"{', '.join(['NULL::float8'] * len(HIGHEST))} FROM (SELECT object_id, score FROM ({relation}) matched "
            f"WHERE {public_sql} ORDER BY score DESC, object_id DESC LIMIT %s) best"
        )
        params += [*relation_params, *public_params, limit, *word_params]
        sql = f"WITH {', '.join(firsts)} " + " UNION ALL ".join(f"({select})" for select in [best_sql, *selects])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        best, lasts, highest = [], [(0, None, None)] * len(self.terms), [Highest(0, 0, 0)] * len(self.terms)
        for position, count, pk, value, public, *values in rows:
            if position < 0:
                best.append((pk, value, public))
            else:
                # The last row read: the least rank, and the oldest item of that rank.
                lasts[position] = (count, pk, value)
                highest[position] = Highest(*values)
        best.sort(key=lambda row: (-row[1], -row[0]))  # a union's parts come in any order
        return best, lasts, highest

    def best_public(self, queryset, limit):
        public_sql, public_params = queryset.order_by().values("pk").query.sql_with_params()
        sql = (
            f"SELECT object_id, score FROM ({self.relation}) matches WHERE object_id IN ({public_sql}) "  # noqa: S608
            "ORDER BY score DESC, object_id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, *public_params, limit])
            return cursor.fetchall()

    def count(self, queryset, limit, hidden=None):
        """How many matches `queryset` holds, counting no further than `limit`: the words' rows merged in
        item order, each match looked up, so the count stops after `limit` public ones. `hidden`: see
        count_held."""
        public_sql, public_params = held_by(queryset, "matched.object_id")
        matched = f"SELECT 1 FROM ({self.relation}) matched"  # noqa: S608
        checked = f"SELECT count(*) FROM ({matched} WHERE {public_sql} LIMIT %s) counted"  # noqa: S608
        unchecked = f"SELECT count(*) FROM ({matched} LIMIT %s) counted"  # noqa: S608
        return count_held((checked, [*self.params, *public_params]), (unchecked, self.params), limit, hidden)


# The scores are sums and products of float4 ranks (as the backend computes them) and the bound one of
# float8: what lies within this fraction of the bound is taken as equal to it.
BOUND_MARGIN = 1e-6


class Highest(NamedTuple):
    """A term's highest title rank, title part of its rank and body rank among some of a kind's rows."""

    title: float
    title_part: float
    body: float


# Each of Highest's values as SQL on a kept row, and where it is not 0 (the indexes of search/scores.py).
HIGHEST = (
    ("title_rank", "title_rank > 0"),
    ("(title_rank * title_norm)", "title_rank > 0"),
    ("body_rank", "body_rank > 0"),
)


def _highest(term, value, condition, kinds):
    """SQL of the highest `value` of a term's kept rows of these kinds where `condition` holds (0 if none), each
    kind's read from its index (search/scores.py), and its parameters."""
    per_kind = ", ".join(
        f"(SELECT {value} FROM {_scores_table()} WHERE term = %s AND kind = %s AND {condition} "  # noqa: S608
        f"ORDER BY {value} DESC LIMIT 1)"
        for _kind in kinds
    )
    return f"coalesce(greatest({per_kind}), 0)", [part for kind in kinds for part in (term, kind)]


def score_bound(ranks, highest):
    """The highest score an AND of one-term words can give an item whose kept rank of each word is at most
    `ranks`, and whose title rank, title part and body rank of each word are at most its `highest`.

    The backend's score is n·(∏(1 + tᵢ) − 1) + (∏(1 + bᵢ) − 1), for the title ranks tᵢ, the body
    ranks bᵢ and the title's length factor n; a word's kept rank is rᵢ = n·tᵢ + bᵢ. Expanded, it is
    the sum over every set A of words of n·∏ₐtᵢ + ∏ₐbᵢ: for one word, rᵢ; for more, ∏ₐbᵢ is at most
    the product of each bᵢ's bound, and n·∏ₐtᵢ = (n·tⱼ)·∏ₐ₋ⱼtᵢ at most that of n·tⱼ's and the tᵢ's,
    for any j in A. So the bound rises with every rᵢ, strictly, and items alike in all but their
    ranks (the same title length, the words in the same fields) reach it.
    """
    bound = sum(ranks)
    bodies = [min(rank, high.body) for rank, high in zip(ranks, highest, strict=True)]
    title_parts = [min(rank, high.title_part) for rank, high in zip(ranks, highest, strict=True)]
    for size in range(2, len(ranks) + 1):
        for chosen in combinations(range(len(ranks)), size):
            bound += math.prod(bodies[i] for i in chosen)
            bound += min(title_parts[j] * math.prod(highest[i].title for i in chosen if i != j) for j in chosen)
    return bound


def _merged(words, kinds, items=None):
    """SQL of every item matching all `words` in `kinds` (`object_id`) with the backend's score (`score`),
    read from the kept parts and merged by item, and its parameters; `items`, SQL of an array of primary
    keys, narrows it."""
    on_kind, kinds = _on_kinds(kinds, "kind")
    # Narrowed, the items drive the join and each word's row of each is looked up by the index; only a word
    # of several terms, grouped by item first, is narrowed by `object_id = ANY(items)`. On every word's rows
    # PostgreSQL 15 walks the whole array for each lookup: 40 ms for 334 items of two kinds (the API's
    # offers), where the lookups alone take 3.
    on_items = f" AND object_id = ANY({items})" if items is not None else ""
    # Only quoted names and column names made here are formatted into the SQL; terms are parameters.
    table = _scores_table()
    relations, params, titles, bodies = [], [], [], []
    for position, terms in enumerate(words):
        titles.append([_Sql(f"t{position}_{index}") for index in range(len(terms))])
        bodies.append([_Sql(f"b{position}_{index}") for index in range(len(terms))])
        if len(terms) == 1:
            relations.append(
                f"SELECT object_id, title_rank::real AS t{position}_0, body_rank::real AS b{position}_0, "  # noqa: S608
                f"title_norm FROM {table} WHERE term = %s AND {on_kind}"
            )
            params += [terms[0], kinds]
        else:
            # An item missing one of a word's terms scores 0 for it, as ts_rank gives a term not in the vector.
            parts = ", ".join(
                f"coalesce(max({part}_rank) FILTER (WHERE term = %s), 0)::real AS {part[0]}{position}_{index}"
                for index in range(len(terms))
                for part in ("title", "body")
            )
            relations.append(
                f"SELECT object_id, {parts}, max(title_norm) AS title_norm FROM {table} "  # noqa: S608
                f"WHERE term = ANY(%s) AND {on_kind}{on_items} GROUP BY object_id"
            )
            params += [term for term in terms for _part in ("title", "body")] + [list(terms), kinds]
    joined = [f"({sql}) w{position}" for position, sql in enumerate(relations)]
    if items is not None:
        joined.insert(0, f"unnest({items}) AS seen(object_id)")
    joined = " JOIN ".join(part + (" USING (object_id)" if position else "") for position, part in enumerate(joined))
    # The backend's score: the title's rank times the title's length factor, plus the body's rank.
    score = _score(titles) * _Sql("w0.title_norm") + _score(bodies) * _Sql("1.0")
    return f"SELECT object_id, {score} AS score FROM {joined}", params  # noqa: S608


def _score(words):
    """The backend's arithmetic (modelsearch's build_tsrank) for an AND of words, each an OR of its terms."""
    from modelsearch.utils import ADD, MUL  # noqa: PLC0415

    def word(terms):
        return terms[0] if len(terms) == 1 else ADD(terms) / len(terms)

    if len(words) == 1:
        return word(words[0])
    return MUL(1 + word(terms) for terms in words) - 1

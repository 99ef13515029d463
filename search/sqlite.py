"""SQLite: the matches of a model read from the FTS5 table alone, ranked there with bm25() and a LIMIT.

Wagtail's SQLite backend joins the full-text table to the index entries of a model in an order
that makes SQLite run the full-text match once per entry of the model, then scores each result by
running the match again; at 100,000 items either costs seconds. Here the FTS5 table drives every
query (CROSS JOIN fixes the order), and the best matches are ranked with the backend's own weighted
bm25() in the same query. The search page asks for every kind at once (`KindsMatch`): one statement
scores each match once, where a statement per kind would walk every match and score its own
(bench/RESULTS-search.md: bm25() is most of the cost, about 0.9 µs a match). A search page of one
term scores only a few matches, named by the term's kept hits (`OneTermKinds`, search/hits.py).
Imported only on SQLite: the FTS5 model exists there alone."""

from copy import copy
from dataclasses import dataclass

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.conf import get_app_config
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .public import held_by

FTSIndexEntry = get_app_config().get_model("SQLiteFTSIndexEntry")
IndexEntry = get_app_config().get_model("IndexEntry")
# A matched index entry's item: its primary key, which the index keeps as text.
TARGET = "CAST(entry.object_id AS INTEGER)"


class FullTextMatch:
    """A query's match over the FTS5 table, restricted to the index entries of one model, as SQL of its own."""

    public_only = True  # best() reads the queryset's matches alone: none to check

    def __init__(self, backend, model, query):
        query = normalize(query)
        self.query = query
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

    def for_model(self, model):
        """The same match over the index entries of another model. The MATCH and the bm25() are the
        query's alone (modelsearch's SQLite compiler reads no model for them): compiled once a search
        rather than once a kind (a third of a millisecond each)."""
        return self.over(get_descendants_content_types_pks(model))

    def over(self, content_types):
        """The same match over the index entries of these content types."""
        match = copy(self)
        match.content_types = list(content_types)
        return match

    def from_sql(self):
        """FROM and WHERE of the match over its model's index entries: the FTS5 table drives, each entry read."""
        fts = connection.ops.quote_name(FTSIndexEntry._meta.db_table)
        entries = connection.ops.quote_name(IndexEntry._meta.db_table)
        content_types = ", ".join(str(int(pk)) for pk in self.content_types) or "NULL"
        return (
            f"FROM {fts} CROSS JOIN {entries} entry ON entry.id = {fts}.rowid "
            f"WHERE {self.match_sql} AND entry.content_type_id IN ({content_types})"
        )

    def _public(self, queryset):
        return held_by(queryset, TARGET)

    def targets(self):
        """SQL of the primary key (`target`) of every match, public or not, and its parameters."""
        return f"SELECT {TARGET} AS target {self.from_sql()}", self.match_params  # noqa: S608

    def scored(self):
        """SQL of every match (`content_type`, `target`) with its bm25() (`score`), and its parameters."""
        sql = f"SELECT entry.content_type_id AS content_type, {TARGET} AS target, {self.score_sql} AS score"
        return f"{sql} {self.from_sql()}", [*self.score_params, *self.match_params]

    def count_all(self, queryset):
        """How many matches `queryset` holds, every one, none ranked: SQLite reads the matches once and
        looks each up by primary key (30 ms for 33,334 offers, where an EXISTS per match took 38)."""
        return queryset.filter(pk__in=RawSQL(*self.targets())).order_by().count()  # noqa: S611 - SQL of our own

    def count(self, queryset, limit):
        """How many matches `queryset` holds, counting no further than `limit`.

        The matches drive, each looked up in `queryset`, so the count stops after `limit` public
        matches; `queryset.filter(pk__in=matches)` would read every public row first.
        """
        public_sql, public_params = self._public(queryset)
        # Only quoted names and integers are formatted into the SQL; the match is a parameter.
        sql = f"SELECT COUNT(*) FROM (SELECT 1 {self.from_sql()} AND {public_sql} LIMIT %s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.match_params, *public_params, limit])
            return cursor.fetchone()[0]

    def best(self, queryset, limit):
        """[(pk, score), …] of the `limit` best matches in `queryset`, in the backend's order and with its scores."""
        public_sql, public_params = self._public(queryset)
        sql = (
            f"SELECT {TARGET} AS target, {self.score_sql} AS score {self.from_sql()} "
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
        matches = RawSQL(*self.targets())  # noqa: S611 - SQL of our own
        scored, scored_params = self.scored()
        score = RawSQL(  # noqa: S611 - only quoted names and integers are formatted in
            f"SELECT {self.sign} * scored.score FROM ({scored} LIMIT -1) scored WHERE scored.target = {outer_pk}",  # noqa: S608
            scored_params,
            output_field=FloatField(),
        )
        # The backend's order: best score first, then newest first.
        return queryset.filter(pk__in=matches).annotate(**{score_name: score}).order_by(f"-{score_name}", "-pk")


@dataclass
class KindPart:
    """What a search page asks of one kind: `count_limit` (None: not counted) and its `size` best (0: none).

    Its best are looked for among its models' `size` × `depth` best matches, marked public or not;
    kinds of the same models (offers, services) share those. A kind that finds too few of its public
    matches there, while they are not all its models' matches, ranks its own in the same statement:
    they may all rank below the other kind's, or below matches nobody may see. Where it shares its
    models, it first ranks its `members` (every item of the kind, public or not: a lookup of the
    item's kind alone) and marks the `size` × OWN_DEPTH best; only if those hold too few of its
    public matches does it rank its public matches, each looked up in `queryset`.
    """

    name: str
    match: FullTextMatch
    queryset: QuerySet
    count_limit: int | None
    size: int
    depth: int
    members: QuerySet | None = None

    # How many times its `size` a kind's own best hold, marked public or not.
    OWN_DEPTH = 2

    @property
    def marked(self):
        """How many of its models' best matches are marked public or not."""
        return self.size * self.depth

    @property
    def own_marked(self):
        """How many of its members' best matches are marked public or not, where it ranks its members."""
        return self.size * self.OWN_DEPTH


class KindsMatch:
    """The counts and best matches of several kinds of one search (KindPart), in one statement.

    Every match of the kinds' models is read and scored once, into a table of the statement's own;
    from it each kind counts its public matches, stopping after its limit, and takes its best
    matches. Every part's match is the same query's.
    """

    # The statement's parts, in its rows' first column: 4 × the kind's number plus one of these.
    COUNT, MARKED, MEMBERS, RANKED = 0, 1, 2, 3
    PARTS = 4

    def __init__(self, parts):
        self.parts = parts

    def run(self):
        """{name: (count or None, [(pk, score, public), …] best first, or None)}."""
        one_term = OneTermKinds.of(self.parts)
        if one_term is not None:
            return one_term.run()
        first = self.parts[0].match
        scored, params = self.every_match().scored()
        # MATERIALIZED: every match is scored once, however many parts read it.
        tables = [f"matched AS MATERIALIZED ({scored})"]
        selects, select_params = [], []
        groups = {}  # content types -> [(number, part), …] of the ranked kinds of those models
        for number, part in enumerate(self.parts):
            types = ", ".join(str(int(pk)) for pk in part.match.content_types) or "NULL"
            if part.count_limit is not None:
                public_sql, public_params = held_by(part.queryset, "matched.target")
                selects.append(
                    f"SELECT {self.PARTS * number + self.COUNT}, NULL, NULL, COUNT(*) FROM (SELECT 1 FROM matched "  # noqa: S608
                    f"WHERE content_type IN ({types}) AND {public_sql} LIMIT %s)"
                )
                select_params += [*public_params, part.count_limit]
            if part.size:
                groups.setdefault(types, []).append((number, part))
        for group, (types, kinds) in enumerate(groups.items()):
            table, table_params, marked = self._best(group, types, kinds)
            tables.append(table)
            params += table_params
            for column, (number, part) in enumerate(kinds):
                row_type = self.PARTS * number
                selects.append(f"SELECT {row_type + self.MARKED}, target, score, public{column} FROM best{group}")  # noqa: S608
                # A kind's own ranking runs only when the table before it (its models' best, then
                # its members' best) holds too few of its public matches and is full, so that the
                # matches beyond it may hold more. Otherwise its LIMIT is 0, which SQLite reads
                # before the loop, so it never scans the matches. In WHERE, the same condition was
                # evaluated for every match: 9% of SQLite's instructions for "syntetyczny" and
                # "firma" at 100,000 items (callgrind).
                too_few = self._too_few(f"best{group}", f"public{column}")
                too_few_params = [part.size, marked]
                if part.members is not None:
                    table, table_params = self._own_best(number, part, types, too_few, too_few_params)
                    tables.append(table)
                    params += table_params
                    selects.append(f"SELECT {row_type + self.MEMBERS}, target, score, public FROM own{number}")  # noqa: S608
                    too_few = self._too_few(f"own{number}", "public")
                    too_few_params = [part.size, part.own_marked]
                public_sql, public_params = held_by(part.queryset, "matched.target")
                selects.append(
                    f"SELECT {row_type + self.RANKED}, target, score, 1 FROM matched "  # noqa: S608
                    f"WHERE content_type IN ({types}) AND {public_sql} "
                    "ORDER BY score, target DESC "  # the backend's order, as in best()
                    f"LIMIT (CASE WHEN {too_few} THEN %s ELSE 0 END)"
                )
                select_params += [*public_params, *too_few_params, part.size]
        results = {part.name: (None, [] if part.size else None) for part in self.parts}
        if not selects:
            return results
        # Only quoted names and integers are formatted into the SQL; the match is a parameter.
        union = " UNION ALL ".join(f"SELECT * FROM ({select})" for select in selects)  # noqa: S608
        rows = self.rows(f"WITH {', '.join(tables)} {union}", [*params, *select_params])
        own, ranked = {}, {}
        for number, target, score, value in rows:
            name = self.parts[number // self.PARTS].name
            count, best = results[name]
            if number % self.PARTS == self.COUNT:
                results[name] = (value, best)
                continue
            row = (target, score * first.sign, bool(value))
            if number % self.PARTS == self.MARKED:
                best.append(row)
            else:
                (own if number % self.PARTS == self.MEMBERS else ranked).setdefault(name, []).append(row)
        for name, rows in [*own.items(), *ranked.items()]:
            results[name] = (results[name][0], rows)  # the kind's own ranking, where it was needed
        for _count, best in results.values():
            if best:
                # The order of the union's parts is SQLite's to choose: each kind's own is put back.
                best.sort(key=lambda row: (-row[1], -row[0]))
        return results

    def every_match(self):
        """The match over the index entries of every part's models."""
        return self.parts[0].match.over(sorted({pk for part in self.parts for pk in part.match.content_types}))

    @staticmethod
    def rows(sql, params):
        """The statement's rows. SQLite computes most of them as they are read, after execute() returns:
        bench/search_latency.py times this whole call to put that work where it belongs."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _best(self, group, types, kinds):
        """The best matches of the kinds' models, each marked public or not for each kind."""
        marked = max(part.marked for _number, part in kinds)
        columns, params = [], []
        for column, (_number, part) in enumerate(kinds):
            public_sql, public_params = held_by(part.queryset, "best.target")
            columns.append(f"{public_sql} AS public{column}")
            params += public_params
        table = (
            f"best{group} AS MATERIALIZED (SELECT best.target, best.score, {', '.join(columns)} FROM "  # noqa: S608
            f"(SELECT target, score FROM matched WHERE content_type IN ({types}) "
            "ORDER BY score, target DESC LIMIT %s) best)"
        )
        return table, [*params, marked], marked

    @staticmethod
    def _too_few(table, public):
        """SQL of whether `table` holds fewer rows whose column `public` is true than the first parameter,
        and as many rows as the second: full, so that the matches beyond it may hold more."""
        return f"(SELECT COUNT(*) FROM {table} WHERE {public}) < %s AND (SELECT COUNT(*) FROM {table}) = %s"  # noqa: S608

    @staticmethod
    def _own_best(number, part, types, too_few, too_few_params):
        """The best matches of a kind's members, marked public or not: ranked only when its models' shared
        best hold `too_few` of its public matches (its LIMIT is 0 otherwise, and nothing is read).

        Telling a match's kind is one lookup of the item, where telling whether it is public is several
        (an offer's company, its dates): "oferta syntetyczna" at 100,000 items, whose services all rank
        above its offers, ranks 33,334 matches either way (bench/RESULTS-search.md).
        """
        members_sql, members_params = held_by(part.members, "matched.target")
        public_sql, public_params = held_by(part.queryset, "own.target")
        table = (
            f"own{number} AS MATERIALIZED (SELECT own.target, own.score, {public_sql} AS public FROM "  # noqa: S608
            f"(SELECT target, score FROM matched WHERE content_type IN ({types}) AND {members_sql} "
            f"ORDER BY score, target DESC LIMIT (CASE WHEN {too_few} THEN %s ELSE 0 END)) own)"
        )
        return table, [*public_params, *members_params, *too_few_params, part.own_marked]


class OneTermKinds:
    """The counts and best matches of several kinds of a search of one FTS5 term, from its kept hits.

    bm25() ranks a kind's matches of one term by their hits and length alone (search/hits.py): each
    kind's best are among the `size` shortest public matches of each number of hits, read in the
    order of the kept rows' index, and bm25() scores only those. Each count reads the term's rows of
    its kind, looking up whether each is public, up to its limit. A word of several index terms
    ("współpraca": wspolpraca, współpraca) is one term here if FTS5 makes each of them one token
    and only one of those tokens is in any item of the kinds: the others add nothing to any score.
    Two statements: each kind's numbers of hits, then everything else.
    """

    COUNT, CANDIDATE = 0, 1

    def __init__(self, parts, term, classes):
        self.parts = parts
        self.term = term
        self.classes = classes  # {kind: [hits, …]}

    @classmethod
    def of(cls, parts):
        """The search as one term's, or None where it is not one (it is then scored over every match)."""
        from .hits import kept, tokens  # noqa: PLC0415 - a model's module
        from .scores import kept_words  # noqa: PLC0415

        words = kept_words(parts[0].match.query)
        if words is None or len(words) != 1 or not kept():
            return None
        found = tokens(words[0])
        if any(len(terms) != 1 for terms in found):
            return None  # a term of several tokens is a phrase
        classes = cls._classes(sorted({terms[0] for terms in found}), [part.name for part in parts])
        if len(classes) > 1:
            return None
        term, kinds = next(iter(classes.items()), (None, {}))
        return cls(parts, term, kinds)

    @staticmethod
    def _classes(terms, kinds):
        """{term: {kind: [hits, …]}} of the terms that are in items of the kinds: each number of hits a
        term has in a kind, found by skipping through the index from one to the next."""
        from .hits import TermHits  # noqa: PLC0415

        table = connection.ops.quote_name(TermHits._meta.db_table)
        pairs = ", ".join(["(%s, %s)"] * (len(terms) * len(kinds)))
        following = f"SELECT MIN(h.hits) FROM {table} h WHERE h.term = c.term AND h.kind = c.kind"  # noqa: S608
        sql = (
            f"WITH RECURSIVE pairs(term, kind) AS (VALUES {pairs}), "  # noqa: S608 - placeholders and our own SQL
            f"classes(term, kind, hits) AS (SELECT c.term, c.kind, ({following}) FROM pairs c "
            f"UNION ALL SELECT c.term, c.kind, ({following} AND h.hits > c.hits) FROM classes c "
            "WHERE c.hits IS NOT NULL) "
            "SELECT term, kind, hits FROM classes WHERE hits IS NOT NULL"
        )
        params = [value for term in terms for kind in kinds for value in (term, kind)]
        found = {}
        for term, kind, hits in KindsMatch.rows(sql, params):
            found.setdefault(term, {}).setdefault(kind, []).append(hits)
        return found

    def run(self):
        """{name: (count or None, [(pk, score, True), …] best first, or None)}, as KindsMatch.run."""
        from .hits import TermHits  # noqa: PLC0415

        results = {
            part.name: (None if part.count_limit is None else 0, [] if part.size else None) for part in self.parts
        }
        table = connection.ops.quote_name(TermHits._meta.db_table)
        counts, count_params, candidates, params = [], [], [], []
        for number, part in enumerate(self.parts):
            if part.name not in self.classes:
                continue  # no item of the kind holds the term: counted 0, nothing to rank
            public_sql, public_params = held_by(part.queryset, "h.object_id")
            if part.count_limit is not None:
                counts.append(
                    f"SELECT {number}, {self.COUNT}, COUNT(*), NULL FROM (SELECT 1 FROM {table} h "  # noqa: S608
                    f"WHERE h.term = %s AND h.kind = %s AND {public_sql} LIMIT %s)"
                )
                count_params += [self.term, part.name, *public_params, part.count_limit]
            for hits in self.classes[part.name] if part.size else []:
                candidates.append(
                    f"SELECT * FROM (SELECT {number} AS part, h.object_id AS target, h.entry_id AS entry "  # noqa: S608
                    f"FROM {table} h WHERE h.term = %s AND h.kind = %s AND h.hits = %s AND {public_sql} "
                    "ORDER BY h.length, h.object_id DESC LIMIT %s)"
                )
                params += [self.term, part.name, hits, *public_params, part.size]
        if not counts and not candidates:
            return results
        selects, tables = list(counts), []
        if candidates:
            # bm25() scores the candidates alone, by the search's own match. Their rowids are a filter
            # that FTS5 is not told of (the unary plus): told, it would run the match again for each
            # rowid, working out the term's weight each time (3 ms a rowid at 100,000 items), where the
            # match read once and filtered costs about 16 ms for a term in every item.
            match = self.parts[0].match
            fts = connection.ops.quote_name(FTSIndexEntry._meta.db_table)
            tables = [
                f"candidates AS MATERIALIZED ({' UNION ALL '.join(candidates)})",
                f"scored AS MATERIALIZED (SELECT {fts}.rowid AS entry, {match.score_sql} AS score FROM {fts} "  # noqa: S608
                f"WHERE {match.match_sql} AND +{fts}.rowid IN (SELECT entry FROM candidates))",
            ]
            params += [*match.score_params, *match.match_params]
            selects.append(
                f"SELECT c.part, {self.CANDIDATE}, c.target, s.score "  # noqa: S608 - an integer of our own
                "FROM candidates c JOIN scored s ON s.entry = c.entry"
            )
        sql = " UNION ALL ".join(f"SELECT * FROM ({select})" for select in selects)  # noqa: S608
        if tables:
            sql = f"WITH {', '.join(tables)} {sql}"
        found = {}
        for number, row_type, value, score in KindsMatch.rows(sql, [*params, *count_params]):
            part = self.parts[number]
            if row_type == self.COUNT:
                results[part.name] = (value, results[part.name][1])
            else:
                found.setdefault(number, []).append((score, -value, value))
        sign = self.parts[0].match.sign
        for number, rows in found.items():
            part = self.parts[number]
            # The backend's order: bm25() (lower is better), then newest first.
            best = sorted(rows)[: part.size]
            results[part.name] = (results[part.name][0], [(pk, score * sign, True) for score, _newest, pk in best])
        return results

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
        kept = KeptHitsKinds.of(self.parts)
        found = None if kept is None else kept.run()
        if found is not None:
            return found
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


@dataclass
class Walked:
    """One kind's matches read from one driving term's rows of one number of hits, shortest first."""

    part: int  # the kind's place among the parts
    term: int  # the driving term's place among the search's terms
    hits: float
    read: int = 0  # rows read so far, matches or not
    length: int = 0  # the last row's length
    done: bool = False


class KeptHitsKinds:
    """The counts and best matches of several kinds of a search, from its terms' kept hits (search/hits.py).

    bm25() scores a match from each term's weighted hits (title 5, body 1) and the row's length alone:
    more hits of any term score better, a longer row worse, whatever the terms' IDF and the average
    length. So an item is not among a kind's best `size` once `size` public matches are found that
    have at least its hits of every term and are no longer: each kind's matches are read, shortest
    first, from the rows of one driving word's terms, one list per number of hits, each list until
    that holds for every item it has left (its number of hits of the driving term, the most of every
    other term in the kind). bm25() then scores only the matches read. For one term that is the
    `size` shortest public rows of each number of hits, read in one statement. Each count reads the
    driving word's rows, each item once, looking up the other words' terms, up to its limit. A list
    that reads more than MAX_READ rows gives up: the search is then scored over every match.

    A word stands for its index terms (search/terms.py) as FTS5 tokenises them; a term in no item of
    the kinds adds nothing to any score and is left out.
    """

    COUNT, SCORED = 0, 1
    MAX_TERMS = 6  # each read row looks every other term up
    MAX_READ = 4000
    COUNTED = 4 * MAX_READ  # rows of a word counted, to choose the word whose rows are read
    # Fewer matches than this are all scored (about 1.5 µs each at 100,000 items) rather than read
    # from lists that hold few of them, where every row read looks the other terms up.
    FEW_MATCHES = 5000
    GROWTH = 4  # each further read of a list reads this many times more rows

    def __init__(self, parts, words, classes, driver):
        self.parts = parts
        self.words = words  # [[term, …], …]: the terms of each word in the kinds' items
        self.terms = [term for word in words for term in word]
        self.classes = classes  # {term: {kind: [hits, …] ascending}}
        self.driver = driver  # the place of the word whose terms have the fewest rows: its rows are read

    @classmethod
    def of(cls, parts):
        """The search's kept hits, or None where they do not rank it (it is then scored over every match)."""
        from .hits import kept, tokens  # noqa: PLC0415 - a model's module
        from .scores import kept_words  # noqa: PLC0415

        words = kept_words(parts[0].match.query)
        if words is None or not kept():
            return None
        found = dict(zip([term for word in words for term in word], tokens([t for w in words for t in w]), strict=True))
        if any(len(terms) != 1 for terms in found.values()):
            return None  # a term of several tokens is a phrase
        words = [sorted({found[term][0] for term in word}) for word in words]
        if len({term for word in words for term in word}) > cls.MAX_TERMS:
            return None
        several = len({term for word in words for term in word}) > 1
        classes, sizes, matches = cls._classes(words, [part.name for part in parts], parts[0].match, several)
        if several and matches < cls.FEW_MATCHES:
            return None  # scoring them all costs less than reading lists that hold few of them
        words = [[term for term in word if term in classes] for word in words]
        if any(len(set(word) & {t for other in words if other is not word for t in other}) for word in words):
            return None  # a term of two words: the lists of one would not be the other's
        return cls(parts, words, classes, sizes.index(min(sizes)))

    @classmethod
    def _classes(cls, words, kinds, match, several):
        """{term: {kind: [hits, …]}} of the terms that are in items of the kinds: each number of hits a
        term has in a kind, found by skipping through the index from one to the next; for a search of
        several words, how many rows each word's terms have in the kinds, counted up to COUNTED; and for
        a search of several terms, how many entries of any kind match, counted up to FEW_MATCHES."""
        from .hits import TermHits  # noqa: PLC0415

        table = connection.ops.quote_name(TermHits._meta.db_table)
        terms = sorted({term for word in words for term in word})
        pairs = ", ".join(["(%s, %s)"] * (len(terms) * len(kinds)))
        following = f"SELECT MIN(h.hits) FROM {table} h WHERE h.term = c.term AND h.kind = c.kind"  # noqa: S608
        selects = [
            "SELECT term, kind, hits FROM classes WHERE hits IS NOT NULL",
        ]
        params = [value for term in terms for kind in kinds for value in (term, kind)]
        for number, word in enumerate(words if len(words) > 1 else []):
            selects.append(
                f"SELECT NULL, {number}, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} "  # noqa: S608
                f"WHERE term IN ({', '.join(['%s'] * len(word))}) AND kind IN ({', '.join(['%s'] * len(kinds))}) "
                "LIMIT %s))"
            )
            params += [*word, *kinds, cls.COUNTED]
        if several:
            fts = connection.ops.quote_name(FTSIndexEntry._meta.db_table)
            selects.append(
                f"SELECT NULL, -1, (SELECT COUNT(*) FROM (SELECT 1 FROM {fts} WHERE {match.match_sql} LIMIT %s))"  # noqa: S608
            )
            params += [*match.match_params, cls.FEW_MATCHES]
        sql = (
            f"WITH RECURSIVE pairs(term, kind) AS (VALUES {pairs}), "  # noqa: S608 - placeholders and our own SQL
            f"classes(term, kind, hits) AS (SELECT c.term, c.kind, ({following}) FROM pairs c "
            f"UNION ALL SELECT c.term, c.kind, ({following} AND h.hits > c.hits) FROM classes c "
            f"WHERE c.hits IS NOT NULL) {' UNION ALL '.join(selects)}"
        )
        found, sizes, matches = {}, [0] * len(words), None
        for term, kind, hits in KindsMatch.rows(sql, params):
            if term is None and kind < 0:
                matches = hits
            elif term is None:
                sizes[kind] = hits  # a word's place, and its rows
            else:
                found.setdefault(term, {}).setdefault(kind, []).append(hits)
        for kinds_found in found.values():
            for hits in kinds_found.values():
                hits.sort()
        return found, sizes, matches

    def run(self):
        """{name: (count or None, [(pk, score, True), …] best first, or None)} as KindsMatch.run, or None
        where a list read too many rows."""
        results = {
            part.name: (None if part.count_limit is None else 0, [] if part.size else None) for part in self.parts
        }
        if not all(self.words):
            return results  # a word in no item of the kinds: nothing matches
        driver = self.driver
        found = self._walk(driver)
        if found is None:
            return None
        counts, params = [], []
        for number, part in enumerate(self.parts):
            if part.count_limit is not None and self._in_kind(part.name):
                sql, sql_params = self._count(part, driver)
                counts.append(f"SELECT {self.COUNT}, {number}, COUNT(*) FROM ({sql})")  # noqa: S608
                params += sql_params
        entries = sorted({entry for rows in found.values() for entry in rows})
        selects = list(counts)
        if entries:
            # bm25() scores the matches read alone, by the search's own match. Their rowids are a filter
            # that FTS5 is not told of (the unary plus): told, it would run the match again for each
            # rowid, working out each term's weight each time (3 ms a rowid at 100,000 items), where
            # the match read once and filtered costs about 16 ms for a term in every item.
            match = self.parts[0].match
            fts = connection.ops.quote_name(FTSIndexEntry._meta.db_table)
            ids = ", ".join(str(int(entry)) for entry in entries)
            selects.append(
                f"SELECT {self.SCORED}, {fts}.rowid, {match.score_sql} FROM {fts} "  # noqa: S608 - integers, our SQL
                f"WHERE {match.match_sql} AND +{fts}.rowid IN ({ids})"
            )
            params = [*params, *match.score_params, *match.match_params]
        if not selects:
            return results
        scores = {}
        sql = " UNION ALL ".join(f"SELECT * FROM ({select})" for select in selects)  # noqa: S608
        for row_type, key, value in KindsMatch.rows(sql, params):
            if row_type == self.COUNT:
                name = self.parts[key].name
                results[name] = (value, results[name][1])
            else:
                scores[key] = value
        sign = self.parts[0].match.sign
        for number, rows in found.items():
            part = self.parts[number]
            # The backend's order: bm25() (lower is better), then newest first.
            ranked = sorted((scores[entry], -pk, pk) for entry, pk in rows.items() if entry in scores)
            best = [(pk, score * sign, True) for score, _newest, pk in ranked[: part.size]]
            results[part.name] = (results[part.name][0], best)
        return results

    def _in_kind(self, kind):
        return all(any(kind in self.classes[term] for term in word) for word in self.words)

    def _walk(self, driver):
        """{part: {entry: pk}} of the public matches read of each ranked kind, or None where a list read
        more than MAX_READ rows."""
        from .hits import TermHits  # noqa: PLC0415

        table = connection.ops.quote_name(TermHits._meta.db_table)
        places = {term: place for place, term in enumerate(self.terms)}
        lists = [
            Walked(number, places[term], hits)
            for number, part in enumerate(self.parts)
            if part.size and self._in_kind(part.name)
            for term in self.words[driver]
            for hits in self.classes[term].get(part.name, [])
        ]
        found = {number: {} for number, part in enumerate(self.parts) if part.size}
        matches = {number: [] for number in found}  # [(hits of each term, length, the list read from), …]
        while True:
            reading = [walked for walked in lists if not walked.done]
            if not reading:
                return found
            # First the page's worth of each list, then each time as many again as read, times GROWTH - 1.
            sizes = [max(self.parts[walked.part].size, walked.read * (self.GROWTH - 1)) for walked in reading]
            if any(walked.read + size > self.MAX_READ for walked, size in zip(reading, sizes, strict=True)):
                return None
            selects, params = [], []
            for place, (walked, size) in enumerate(zip(reading, sizes, strict=True)):
                sql, sql_params = self._rows(table, self.parts[walked.part], walked, size)
                selects.append(f"SELECT * FROM (SELECT {place}, * FROM ({sql}))")  # noqa: S608
                params += sql_params
            rows = {}
            for place, *row in KindsMatch.rows(" UNION ALL ".join(selects), params):
                rows.setdefault(place, []).append(row)
            for place, (walked, size) in enumerate(zip(reading, sizes, strict=True)):
                read = rows.get(place, [])
                walked.read += len(read)
                for entry, pk, length, *hits in read:
                    walked.length = length
                    hits = [value or 0 for value in hits]
                    matched = all(any(hits[places[term]] for term in word) for word in self.words)
                    if matched and entry not in found[walked.part]:
                        found[walked.part][entry] = pk
                        matches[walked.part].append((hits, length, id(walked)))
                walked.done = len(read) < size or self._closed(walked, matches[walked.part])

    def _closed(self, walked, matches):
        """Whether `size` matches found have at least the hits of every item left in the list and are no longer."""
        part = self.parts[walked.part]
        most = [max(self.classes[term].get(part.name, [0])) for term in self.terms]
        most[walked.term] = walked.hits
        at_least = 0
        for hits, length, listed in matches:
            # An item left in the list is as long as its last row or longer; one as long ranks after
            # the rows of its list before it (newest first), not after another list's.
            shorter = length < walked.length or (length == walked.length and listed == id(walked))
            if shorter and all(have >= need for have, need in zip(hits, most, strict=True)):
                at_least += 1
        return at_least >= part.size

    def _rows(self, table, part, walked, size):
        """SQL of the list's next `size` public rows: entry, item, length and every term's hits (or NULL)."""
        public_sql, public_params = held_by(part.queryset, "h.object_id")
        lookups, lookup_params = [], []
        for place, term in enumerate(self.terms):
            if place == walked.term:
                lookups.append("h.hits")
            else:
                lookups.append(f"(SELECT x.hits FROM {table} x WHERE x.entry_id = h.entry_id AND x.term = %s)")  # noqa: S608
                lookup_params.append(term)
        sql = (
            f"SELECT h.entry_id, h.object_id, h.length, {', '.join(lookups)} FROM {table} h "  # noqa: S608
            f"WHERE h.term = %s AND h.kind = %s AND h.hits = %s AND {public_sql} "
            "ORDER BY h.length, h.object_id DESC LIMIT %s OFFSET %s"
        )
        term = self.terms[walked.term]
        return sql, [*lookup_params, term, part.name, walked.hits, *public_params, size, walked.read]

    def _count(self, part, driver):
        """SQL of the kind's public matches up to its limit: each driving term's rows whose item holds no
        driving term before it, and some term of every other word."""
        from .hits import TermHits  # noqa: PLC0415

        table = connection.ops.quote_name(TermHits._meta.db_table)
        public_sql, public_params = held_by(part.queryset, "h.object_id")

        def holds(terms):
            marks = ", ".join(["%s"] * len(terms))
            return f"EXISTS (SELECT 1 FROM {table} x WHERE x.entry_id = h.entry_id AND x.term IN ({marks}))", terms  # noqa: S608

        selects, params = [], []
        driving = self.words[driver]
        for place, term in enumerate(driving):
            conditions, condition_params = [], []
            if place:
                sql, sql_params = holds(driving[:place])
                conditions.append(f"NOT {sql}")
                condition_params += sql_params
            for number, word in enumerate(self.words):
                if number != driver:
                    sql, sql_params = holds(word)
                    conditions.append(sql)
                    condition_params += sql_params
            where = " AND ".join(["h.term = %s", "h.kind = %s", *conditions, public_sql])
            selects.append(f"SELECT 1 FROM {table} h WHERE {where}")  # noqa: S608
            params += [term, part.name, *condition_params, *public_params]
        return f"{' UNION ALL '.join(selects)} LIMIT %s", [*params, part.count_limit]

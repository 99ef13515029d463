"""SQLite: every term of every searchable item with its weighted hits and the item's length, kept in the
order in which bm25() ranks a search of that term.

FTS5's bm25() scores a match from two things of the row alone: each term's hits, weighted by their
column (title 5, body 1: search/backends.py's SEARCH_WEIGHTS), and the row's length in tokens; the
terms' IDF and the average length are the same for every row. More hits of any term score better, a
longer row worse. So among a kind's matches of one term with equal hits the shortest rank first
(ties newest first, as the backend orders them), and a kind's best ten are among the ten shortest of
each number of hits, which a B-tree on (term, kind, hits, length, newest) gives without reading the
other matches; a search of several terms reads one word's rows that way, looking the other terms'
hits up by entry, until the matches found show that no item left can rank among the best
(search/sqlite.py's KeptHitsKinds). bm25() then scores only the matches read, and a count reads the
rows of the kind up to its limit. At 100,000 items, "syntetyczny" matches every item: bm25() over all
of them costs about 90 ms (bench/RESULTS-search.md), where this reads a few dozen rows.

The terms and lengths are FTS5's own: each item's row of the full-text table is tokenised again by
a temporary FTS5 table of the same columns and tokeniser, and read back through fts5vocab, SQLite's
documented view of an FTS5 index. The rows are written with the index entries (search/backends.py),
as search/scores.py's are on PostgreSQL; migration 0010 fills the table from the index as it is.
About seventeen rows per item (1.7 million at 100,000 items, 164 MB with their indexes). PostgreSQL
and the search engines leave the table empty."""

import re

from django.db import connection, models

from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

from .backends import SEARCH_WEIGHTS

# The columns of Wagtail's full-text table, in its order (the weights' order).
FTS_COLUMNS = ("autocomplete", "body", "title")
TOKENS = "search_tokens"  # a temporary FTS5 table of the connection's own, and its view
INSTANCES = "search_token_instances"
FILL_BATCH = 2000


class TermHits(models.Model):
    """One FTS5 term of a searchable item, with its hits weighted by column and the item's length in tokens."""

    term = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)  # the slug of the item's kind of search result (offers, services, …)
    # The index entry's: no foreign key, as in search/scores.py.
    content_type_id = models.IntegerField()
    object_id = models.BigIntegerField()
    entry_id = models.BigIntegerField()  # the entry's row in the full-text table, which bm25() scores
    hits = models.FloatField()
    length = models.IntegerField()

    class Meta:
        indexes = [
            # A term's matches of one kind with the same hits, best first, ties newest first.
            models.Index(fields=["term", "kind", "hits", "length", "-object_id"], name="search_termhits_best"),
            # An item's rows, to replace or delete them.
            models.Index(fields=["content_type_id", "object_id"], name="search_termhits_item"),
            # An entry's hits of a term: the other words of a search, looked up for each row read.
            models.Index(fields=["entry_id", "term", "hits"], name="search_termhits_entry"),
        ]

    def __str__(self):
        return self.term


def kept():
    """Whether the table is kept: on SQLite, with the backend that ranks with FTS5 (search/backends.py)."""
    if connection.vendor != "sqlite":
        return False
    from wagtail.search.backends import get_search_backend  # noqa: PLC0415 - the backend imports this app

    return getattr(get_search_backend(), "lower_scores_rank_first", False)


# A text of lowercase ASCII letters and digits is one token, itself: unicode61 keeps them as they are.
ONE_TOKEN = re.compile(r"[a-z0-9]+")
# Other texts' tokens, as the tokeniser gave them: it is the table's, fixed when the table was made.
_tokenised = {}
MAX_TOKENISED = 10_000


def tokens(texts):
    """Each text's FTS5 terms, in order, as the full-text table's tokeniser makes them."""
    missing = [text for text in dict.fromkeys(texts) if not ONE_TOKEN.fullmatch(text) and text not in _tokenised]
    if missing:
        if len(_tokenised) > MAX_TOKENISED:
            _tokenised.clear()
        _tokenised.update(zip(missing, tokenise(missing), strict=True))
    return [[text] if ONE_TOKEN.fullmatch(text) else list(_tokenised[text]) for text in texts]


def tokenise(texts):
    """Each text's FTS5 terms, from the tokeniser itself: a temporary FTS5 table's, read through fts5vocab."""
    with connection.cursor() as cursor:
        _tokens_table(cursor)
        cursor.executemany(
            f"INSERT INTO temp.{TOKENS} (rowid, title) VALUES (%s, %s)",  # noqa: S608 - our own names
            list(enumerate(texts, start=1)),
        )
        cursor.execute(f"SELECT doc, term FROM temp.{INSTANCES} ORDER BY doc, offset")  # noqa: S608
        found = [[] for _text in texts]
        for doc, term in cursor.fetchall():
            found[doc - 1].append(term)
        cursor.execute(f"DELETE FROM temp.{TOKENS}")  # noqa: S608
    return found


def _tokens_table(cursor):
    columns = ", ".join(FTS_COLUMNS)
    cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TOKENS} USING fts5({columns})")
    cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{INSTANCES} USING fts5vocab(temp, {TOKENS}, instance)")


def _fill(kind, object_ids):
    """Insert the rows of the index entries of `kind`'s items `object_ids`."""
    # Imported here: the module defines the full-text table's model, which exists on SQLite only.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler  # noqa: PLC0415

    entries_model = get_app_config().get_model("IndexEntry")
    fts_model = get_app_config().get_model("SQLiteFTSIndexEntry")
    quote = connection.ops.quote_name
    entries, fts, hits_table = (quote(m._meta.db_table) for m in (entries_model, fts_model, TermHits))
    content_types = ", ".join(str(int(pk)) for pk in get_descendants_content_types_pks(kind.model))
    columns = ", ".join(FTS_COLUMNS)
    weight = " ".join(f"WHEN '{c}' THEN {float(w)}" for c, w in zip(FTS_COLUMNS, SEARCH_WEIGHTS, strict=True))
    # Only the columns a search matches hold its hits; the type-ahead's column counts in the length alone.
    searched = ", ".join(f"'{column}'" for column in SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS)
    with connection.cursor() as cursor:
        _tokens_table(cursor)
        for start in range(0, len(object_ids), FILL_BATCH):
            batch = [str(pk) for pk in object_ids[start : start + FILL_BATCH]]
            marks = ", ".join(["%s"] * len(batch))
            # Only quoted names, column names and numbers of our own are formatted into the SQL.
            cursor.execute(
                f"INSERT INTO temp.{TOKENS} (rowid, {columns}) SELECT fts.rowid, {columns} FROM {fts} fts "  # noqa: S608
                f"WHERE fts.rowid IN (SELECT id FROM {entries} WHERE content_type_id IN ({content_types}) "
                f"AND object_id IN ({marks}))",
                batch,
            )
            # A row's length is every token of every column, as FTS5 counts it for bm25().
            cursor.execute(
                f"INSERT INTO {hits_table} (term, kind, content_type_id, object_id, entry_id, hits, length) "  # noqa: S608
                f"SELECT i.term, %s, entry.content_type_id, CAST(entry.object_id AS INTEGER), i.doc, "
                f"SUM(CASE i.col {weight} ELSE 0 END), lengths.length "
                f"FROM temp.{INSTANCES} i "
                f"JOIN (SELECT doc, COUNT(*) AS length FROM temp.{INSTANCES} GROUP BY doc) lengths "
                "ON lengths.doc = i.doc "
                f"JOIN {entries} entry ON entry.id = i.doc "
                f"WHERE i.col IN ({searched}) GROUP BY i.term, i.doc",
                [kind.slug],
            )
            cursor.execute(f"DELETE FROM temp.{TOKENS}")  # noqa: S608


def _content_types(model):
    """The content types of `model`'s index entries whose terms are kept: those of the search page's kinds."""
    from .scores import kept_content_types  # noqa: PLC0415 - a model's module

    return kept_content_types(model, vendor="sqlite")


def index_hits(model, objects):
    """Replace the rows of these objects (of one model) by their index entries' terms as they are now."""
    from .suggestions import pks_by_kind  # noqa: PLC0415 - imports the kinds

    if not kept():
        return
    content_types = _content_types(model)
    if not content_types:
        return
    by_kind = pks_by_kind(objects)
    if not by_kind:
        return
    pks = [pk for kind_pks in by_kind.values() for pk in kind_pks]
    TermHits.objects.filter(content_type_id__in=content_types, object_id__in=pks).delete()
    for kind, kind_pks in by_kind.items():
        _fill(kind, kind_pks)


def remove_hits(obj):
    if kept() and obj.pk is not None:
        content_types = _content_types(type(obj))
        if content_types:
            TermHits.objects.filter(content_type_id__in=content_types, object_id=obj.pk).delete()


def remove_stale_hits():
    """Rows whose index entry is gone (deleted without a signal) or was written again under another id."""
    if not kept():
        return
    entries = get_app_config().get_model("IndexEntry").objects.values("pk")
    TermHits.objects.exclude(entry_id__in=entries).delete()


def remove_all_hits():
    if connection.vendor == "sqlite":
        TermHits.objects.all().delete()


def fill_hits():
    """Every searchable item's rows, from the index as it is (migration 0010)."""
    from .queries import KINDS  # noqa: PLC0415

    remove_all_hits()
    if not kept():
        return
    for kind in KINDS:
        _fill(kind, list(kind.items().values_list("pk", flat=True)))

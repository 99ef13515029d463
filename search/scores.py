"""PostgreSQL: every term's score in every searchable item, kept in rank order, and what it is made of.

The backend scores a match by ts_rank over the title times the title's length factor, plus ts_rank
over the body (search/postgres.py). For a query of one index term that score depends on the item
and the term alone, so it is computed here once, when the item is indexed, by the same functions on
the same vectors (the same float, not an estimate), and kept under a B-tree on (term, kind of
result, score, object): services apart from the other offers. A kind's best matches are then the
first rows of one range of that index, and its count reads that range in order, looking up
whether each is public, up to the count's limit: nothing is ranked when a reader searches
(search/postgres.py's terms_read_in_order keeps the planner to that).

A query of several words, or of a word with several index terms ("lodz": łódź, łodzia, łodzić),
combines its terms' ranks over the title and over the body (1 + rank multiplied for AND, ranks
averaged for OR) before the title's factor applies. Those two ranks and the factor are kept too,
under a covering index in item order (search_termscore_parts), so such a query merges its words'
rows by item and does the backend's arithmetic on them (search/postgres.py's KeptTermsMatch): the
same floats again, with no ts_rank; where every word is one term, it first scores only the items
among each word's first rows in rank order, and merges every match only when an item not read could
score higher (bounded by each term's highest title and body ranks among its rows not read, read
from their own indexes). Queries of any other shape (a phrase, NOT) rank the vectors.

The database search backend writes and deletes the rows with the index entries (search/backends.py):
every publish, unpublish, delete, snippet save and bulk load keeps them in step, and a rebuild fills
the whole table again at its end, when it has set every entry's title length factor anew. Migration
0007 fills the table from the index as it is. About twenty rows per item (2 million at 100,000
items: 570 MB with its indexes when freshly filled, of which 170 MB for the rank order and 135 MB
for the item order; 122 MB more for the highest title and body ranks of migration 0009).
SQLite and the search engines leave the table empty.
"""

from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, TextField
from django.db.models.functions import Cast

from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

MAX_TERM_LENGTH = 100


class TermScore(models.Model):
    """One index term of a searchable item, with the score a search of that term alone gives the item."""

    term = models.CharField(max_length=MAX_TERM_LENGTH)
    kind = models.CharField(max_length=20)  # the slug of the item's kind of search result (offers, services, …)
    # The index entry's: no foreign key, whose checks would cost every one of a rebuild's million rows.
    content_type_id = models.IntegerField()
    object_id = models.BigIntegerField()
    rank = models.FloatField()
    # What the score is made of, for queries of several terms (search/postgres.py's KeptTermsMatch):
    # ts_rank of the term over the title and over the body (a float4, kept exactly), and the
    # entry's title length factor. rank = title_rank * title_norm + body_rank.
    title_rank = models.FloatField(default=0)
    body_rank = models.FloatField(default=0)
    title_norm = models.FloatField(default=1)

    class Meta:
        indexes = [
            # A term's matches of one kind, best first, ties newest first: the backend's own order.
            models.Index(fields=["term", "kind", "-rank", "-object_id"], name="search_termscore_best"),
            # A term's matches of one kind in item order, with what their scores are made of: the
            # words of a query merged by item, read from the index alone (search/postgres.py).
            models.Index(
                fields=["term", "kind", "object_id"],
                include=["title_rank", "body_rank", "title_norm"],
                name="search_termscore_parts",
            ),
            # A term's highest title rank, title part of its rank (title rank × the title's length
            # factor) and body rank in a kind, each where it is not 0: what bounds the score of an item
            # not yet read, for a query of several words read from each word's first rows in rank
            # order (search/postgres.py's score_bound).
            models.Index(
                "term",
                "kind",
                F("title_rank").desc(),
                condition=Q(title_rank__gt=0),
                name="search_termscore_titles",
            ),
            models.Index(
                "term",
                "kind",
                (F("title_rank") * F("title_norm")).desc(),
                condition=Q(title_rank__gt=0),
                name="search_termscore_title_parts",
            ),
            models.Index(
                "term",
                "kind",
                F("body_rank").desc(),
                condition=Q(body_rank__gt=0),
                name="search_termscore_bodies",
            ),
            # An item's rows, to replace or delete them.
            models.Index(fields=["content_type_id", "object_id"], name="search_termscore_item"),
        ]

    def __str__(self):
        return self.term


def kept_term(query):
    """The term of a query this table answers (one plain index term), or None."""
    from .terms import Term  # noqa: PLC0415 - terms imports the backend's query classes

    if not isinstance(query, Term):
        return None
    term = query.query_string
    # The backend quotes the term into a tsquery, and to_tsquery('simple') folds its case: a term
    # with a quote or a backslash, or with capitals, would not be the lexeme kept here.
    if len(term) > MAX_TERM_LENGTH or term != term.lower() or "'" in term or "\\" in term or not term.strip():
        return None
    return term


def kept_words(query):
    """The words of a query this table scores, each a list of its terms, or None.

    A query of one term, an OR of terms (one word's forms), or an AND of such words: the shapes the
    site's queries take (search/queries.py). Anything else (a phrase, NOT, a boost) is ranked as before.
    """
    from wagtail.search.query import And, Or  # noqa: PLC0415

    def word(part):
        if isinstance(part, Or):
            terms = [kept_term(sub) for sub in part.subqueries]
            return terms if terms and None not in terms else None
        term = kept_term(part)
        return None if term is None else [term]

    parts = query.subqueries if isinstance(query, And) else [query]
    words = [word(part) for part in parts]
    return words if words and None not in words else None


def kept_content_types(model, vendor="postgresql"):
    """The content types of `model`'s index entries whose terms are kept (on `vendor`, the search page's kinds).

    A model above a kind counts too: a rebuild indexes pages as Page as well as by their own class,
    and each pass rewrites the same entries.
    """
    if connection.vendor != vendor:
        return []
    from .queries import KINDS  # noqa: PLC0415 - the kinds import the content models

    kinds = set().union(*(get_descendants_content_types_pks(kind.model) for kind in KINDS))
    return [pk for pk in get_descendants_content_types_pks(model) if pk in kinds]


# ts_rank with the backend's weights, over the same vectors, for a tsquery built as the backend
# builds one of a term (to_tsquery of the quoted term): the same float the backend's score has.
# Parameters: the kind's slug, the weights twice, the configuration, the content types.
FILL = """
    INSERT INTO {scores} (term, kind, content_type_id, object_id, rank, title_rank, body_rank, title_norm)
    SELECT term.lexeme, %s, entry.content_type_id, entry.object_id::bigint,
           term.title_rank * entry.title_norm + term.body_rank * 1.0::float8,
           term.title_rank, term.body_rank, entry.title_norm
    FROM {entries} entry
    CROSS JOIN LATERAL (
        SELECT lexeme,
               ts_rank(%s::float4[], entry.title, query) AS title_rank,
               ts_rank(%s::float4[], entry.body, query) AS body_rank
        FROM (
            SELECT lexeme, to_tsquery(%s::regconfig, quote_literal(lexeme)) AS query
            FROM unnest(entry.title || entry.body)  -- no quote (39) or backslash (92): see kept_term
            WHERE length(lexeme) <= {max_length} AND position(chr(39) IN lexeme) = 0
                  AND position(chr(92) IN lexeme) = 0
        ) lexemes
    ) term
    WHERE entry.content_type_id = ANY(%s)
"""


def _fill(kind, condition, condition_params):
    """Insert the rows of the index entries of `kind` that meet `condition` (SQL on `entry`)."""
    from wagtail.search.backends import get_search_backend  # noqa: PLC0415

    from modelsearch.backends.database.postgres.weights import get_sql_weights  # noqa: PLC0415

    weights, config = get_sql_weights(), get_search_backend().config or "simple"
    sql = FILL.format(scores=TermScore._meta.db_table, entries=_entries_table(), max_length=MAX_TERM_LENGTH)
    content_types = list(get_descendants_content_types_pks(kind.model))
    with connection.cursor() as cursor:
        cursor.execute(
            f"{sql} AND {condition}", [kind.slug, weights, weights, config, content_types, *condition_params]
        )


def _entries_table():
    # Looked up when used: this module defines a model, so it is imported before the apps are ready.
    return get_app_config().get_model("IndexEntry")._meta.db_table


def index_scores(model, objects):
    """Replace the rows of these objects (of one model) by their index entries' terms as they are now.

    An object is kept under its kind (search/suggestions.py's kind_of); one of no kind (a page read
    as a plain Page by a rebuild's pass over Page) is left alone: the rebuild fills the table at its end.
    """
    from .suggestions import pks_by_kind  # noqa: PLC0415 - imports the kinds

    content_types = kept_content_types(model)
    if not content_types:
        return
    by_kind = pks_by_kind(objects)
    if not by_kind:
        return
    pks = [pk for kind_pks in by_kind.values() for pk in kind_pks]
    TermScore.objects.filter(content_type_id__in=content_types, object_id__in=pks).delete()
    for kind, kind_pks in by_kind.items():
        _fill(kind, "entry.object_id = ANY(%s)", [[str(pk) for pk in kind_pks]])


def remove_scores(obj):
    content_types = kept_content_types(type(obj))
    if content_types and obj.pk is not None:
        TermScore.objects.filter(content_type_id__in=content_types, object_id=obj.pk).delete()


def remove_stale_scores():
    """Rows of items whose index entry is gone (deleted without a signal): a rebuild removes them."""
    if connection.vendor != "postgresql":
        return
    entries = (
        get_app_config()
        .get_model("IndexEntry")
        .objects.filter(content_type_id=OuterRef("content_type_id"), object_id=Cast(OuterRef("object_id"), TextField()))
    )
    TermScore.objects.exclude(Exists(entries)).delete()


def remove_all_scores():
    if connection.vendor == "postgresql":
        # Not DELETE: two million deleted rows would stay in the table and its indexes until vacuumed,
        # and an index built in the same transaction (migration 0007) would hold them for good.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(TermScore._meta.db_table)}")


def fill_scores():
    """Every searchable item's rows, from the index as it is (migration 0006, the end of a rebuild)."""
    from .queries import KINDS  # noqa: PLC0415

    remove_all_scores()
    if connection.vendor != "postgresql":
        return
    for kind in KINDS:
        items_sql, items_params = kind.items().values("pk").query.sql_with_params()
        _fill(kind, f"entry.object_id::bigint IN ({items_sql})", items_params)

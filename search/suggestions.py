"""The type-ahead's prefix index: the words of every searchable title, read by prefix in the type-ahead's order.

A ranked full-text search per keystroke costs as much as a search. The type-ahead reads this table
instead: one row per word of an item's title (each word without diacritics and its lemma, as
cms/text.py indexes them), under a B-tree on (locale, word, rank). The words that begin with what
was typed are one range of that index, and within one word the rows come in rank order, so the best
few are read without ranking every match.

The database search backends write and delete the rows with the index's entries (search/backends.py):
every publish, unpublish, delete, snippet save, bulk load and rebuild keeps them in step, and
`manage.py index_type_ahead` fills the table from scratch. (A search engine backend, OpenSearch or
Elasticsearch, answers the type-ahead itself: search/queries.py's suggest.) Whether an item may be
shown is decided when it is suggested, by its kind's public queryset, as everywhere else.
"""

from collections import defaultdict

from django.db import connection, models

from cms.locales import locale_ids
from cms.search_fields import language_of
from cms.text import index_terms, words

MAX_WORD_LENGTH = 100
# A row's rank: titles whose first word matches come first, then shorter titles, then by kind.
NOT_FIRST = 100_000_000
MAX_TITLE_LENGTH = 9_999_999
# Of several prefixes, one matching fewer rows than this is read whole; otherwise each word of each
# prefix is read in rank order, up to the number of suggestions wanted.
SELECTIVE_ROWS = 2000
# Beyond this many words to a prefix, reading them one by one costs more than reading the range.
MAX_WORDS_PER_PREFIX = 60
# Suggestions read per round, as a multiple of those asked for: some may not be public (a draft,
# an expired offer, a private page); each further round reads more, up to a fixed number of rounds.
OVERFETCH = 1
GROWTH = 8
ROUNDS = 3


class TitleWord(models.Model):
    """One word of a suggestible item's title, with the item's place in the type-ahead's order."""

    # No index of its own: the prefix index starts with it.
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=MAX_WORD_LENGTH)
    rank = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)  # the slug of the item's kind of search result
    object_id = models.PositiveBigIntegerField()

    class Meta:
        indexes = [
            # Prefix ranges, and each word's rows in rank order (PostgreSQL: in the "C" collation, 0003).
            models.Index(fields=["locale", "word", "rank", "object_id"], name="search_titleword_prefix"),
            # Whether an item has a word with another prefix; an item's rows, to replace them.
            models.Index(fields=["object_id", "kind", "word"], name="search_titleword_item"),
        ]

    def __str__(self):
        return self.word


def kept_by(backend):
    """Whether a search backend keeps this table (the database backends, search/backends.py)."""
    return getattr(backend, "keeps_type_ahead_titles", False)


def _kinds():
    from .queries import KINDS  # the kinds import the content models, which import the search backend

    return KINDS


def kind_of(obj):
    """The place in KINDS and the kind of result an object is suggested as, or None."""
    for order, kind in enumerate(_kinds()):
        if isinstance(obj, kind.model) and (kind.services is None or bool(obj.is_service) == kind.services):
            return order, kind
    return None


def pks_by_kind(objects):
    """{kind: [primary key, …]} of the saved objects that are suggested as some kind (kind_of)."""
    by_kind = {}
    for obj in objects:
        found = kind_of(obj) if obj.pk is not None else None
        if found is not None:
            by_kind.setdefault(found[1], []).append(obj.pk)
    return by_kind


def kind_slugs_of(model):
    """Every kind an object of `model` may be suggested as (an offer may become a service)."""
    return [kind.slug for kind in _kinds() if issubclass(model, kind.model)]


def title_words(obj):
    """The rows of one object's title; none for an object the type-ahead does not suggest."""
    found = kind_of(obj)
    if found is None or not getattr(obj, "locale_id", None):
        return []
    order, kind = found
    title = str(obj.title or "")
    language = language_of(obj)
    typed_first = words(title)[:1]
    first = set(index_terms(typed_first[0], language)) if typed_first else set()
    length = min(len(title), MAX_TITLE_LENGTH)
    rows = {}
    for term in index_terms(title, language):
        term = term[:MAX_WORD_LENGTH]
        rank = (0 if term in first else NOT_FIRST) + length * 10 + order
        rows[term] = min(rank, rows.get(term, rank))
    return [
        TitleWord(locale_id=obj.locale_id, word=term, rank=rank, kind=kind.slug, object_id=obj.pk)
        for term, rank in rows.items()
    ]


def index_titles(model, objects):
    """Replace the rows of these objects (of one model) by their titles' words as they are now."""
    slugs = kind_slugs_of(model)
    if not slugs:
        return
    objects = [obj for obj in objects if obj.pk is not None]
    rows = [row for obj in objects for row in title_words(obj)]
    TitleWord.objects.filter(kind__in=slugs, object_id__in=[obj.pk for obj in objects]).delete()
    TitleWord.objects.bulk_create(rows, batch_size=2000)


def remove_titles(obj):
    slugs = kind_slugs_of(type(obj))
    if slugs and obj.pk is not None:
        TitleWord.objects.filter(kind__in=slugs, object_id=obj.pk).delete()


def remove_stale_titles():
    """Rows of objects deleted without a signal (raw deletes, restores): a rebuild removes them."""
    for kind in _kinds():
        existing = kind.model.objects.values("pk")
        TitleWord.objects.filter(kind=kind.slug).exclude(object_id__in=existing).delete()


def remove_all_titles():
    TitleWord.objects.all().delete()


def fill_titles(chunk_size=1000):
    """Rebuild the whole table from the searchable objects of every kind; the number of objects read."""
    remove_all_titles()
    total = 0
    for model in dict.fromkeys(kind.model for kind in _kinds()):
        last = None
        # Only the title is read: not the prefetches the search index's own reading makes.
        objects = model.objects.order_by("pk")
        while True:
            chunk = list((objects if last is None else objects.filter(pk__gt=last))[:chunk_size])
            if not chunk:
                break
            index_titles(model, chunk)
            total += len(chunk)
            last = chunk[-1].pk
    return total


# Reading


def _bounds(prefix):
    """The range of words starting with `prefix`, in code point order (the "C" collation, SQLite's BINARY)."""
    last = ord(prefix[-1])
    return prefix, prefix[:-1] + chr(min(last + 1, 0x10FFFF))


class _Sql:
    """SQL over the table for one set of typed prefixes in some locales; parameters collected as written.

    Only the table's name, aliases and placeholders are written into the text (hence the noqa: S608);
    every value typed by a reader is a parameter.
    """

    def __init__(self, prefixes, locales):
        self.table = connection.ops.quote_name(TitleWord._meta.db_table)
        self.prefixes = prefixes
        self.locales = locales

    def in_locales(self, alias, params):
        if self.locales is None:
            return "1 = 1"
        params.extend(self.locales)
        return f"{alias}.locale_id IN ({', '.join(['%s'] * len(self.locales))})"

    def in_range(self, alias, index, params):
        params.extend(_bounds(self.prefixes[index]))
        return f"{alias}.word >= %s AND {alias}.word < %s"

    def has_others(self, alias, driver, params):
        """Conditions that the item of row `alias` also has a word for every other prefix."""
        conditions = []
        for index in range(len(self.prefixes)):
            if index != driver:
                other = f"o{index}"
                conditions.append(
                    f"EXISTS (SELECT 1 FROM {self.table} {other} WHERE {other}.object_id = {alias}.object_id"  # noqa: S608
                    f" AND {other}.kind = {alias}.kind AND {self.in_range(other, index, params)})"
                )
        return "".join(f" AND {condition}" for condition in conditions)

    def capped_counts(self):
        """For each prefix, how many rows it matches, counted up to SELECTIVE_ROWS."""
        params, columns = [], []
        for index in range(len(self.prefixes)):
            columns.append(
                f"(SELECT COUNT(*) FROM (SELECT 1 FROM {self.table} t WHERE {self.in_locales('t', params)}"  # noqa: S608
                f" AND {self.in_range('t', index, params)} LIMIT {SELECTIVE_ROWS}) AS c{index})"
            )
        return f"SELECT {', '.join(columns)}", params

    def words(self, index, limit):
        """The distinct words starting with one prefix, one index probe each."""
        params = []
        low, high = _bounds(self.prefixes[index])
        first = f"SELECT t.word FROM {self.table} t WHERE {self.in_locales('t', params)}"  # noqa: S608
        first += " AND t.word >= %s AND t.word < %s"
        params.extend([low, high])
        following = (
            f"SELECT t.word FROM {self.table} t WHERE {self.in_locales('t', params)}"  # noqa: S608
            " AND t.word > vocabulary.word AND t.word < %s"
        )
        params.extend([high, limit])
        sql = (
            f"WITH RECURSIVE vocabulary(word) AS (SELECT ({first} ORDER BY t.word LIMIT 1)"  # noqa: S608
            f" UNION ALL SELECT ({following} ORDER BY t.word LIMIT 1) FROM vocabulary"
            " WHERE vocabulary.word IS NOT NULL)"
            " SELECT word FROM vocabulary WHERE word IS NOT NULL LIMIT %s"
        )
        return sql, params

    def whole_range(self, driver, limit):
        """The best items among every match of the driving prefix, each ranked by its best matching word."""
        params = []
        best = " OR ".join(f"({self.in_range('a', index, params)})" for index in range(len(self.prefixes)))
        inner = (
            f"SELECT DISTINCT d.kind, d.object_id FROM {self.table} d WHERE {self.in_locales('d', params)}"  # noqa: S608
            f" AND {self.in_range('d', driver, params)}{self.has_others('d', driver, params)}"
        )
        sql = (
            f"SELECT m.kind, m.object_id, (SELECT MIN(a.rank) FROM {self.table} a WHERE a.object_id = m.object_id"  # noqa: S608
            f" AND a.kind = m.kind AND ({best})) AS best FROM ({inner}) AS m ORDER BY best, m.object_id LIMIT %s"
        )
        return sql, [*params, limit]

    def word_by_word(self, vocabulary, limit):
        """The first `limit` rows of each word of each prefix, in rank order, whose item matches every prefix."""
        params, parts = [], []
        for index, found in enumerate(vocabulary):
            for word in found:
                locales = self.in_locales("d", params)
                params.append(word)
                others = self.has_others("d", index, params)
                params.append(limit)
                parts.append(
                    f"SELECT * FROM (SELECT d.kind, d.object_id, d.rank FROM {self.table} d WHERE {locales}"  # noqa: S608
                    f" AND d.word = %s{others} ORDER BY d.rank, d.object_id LIMIT %s) AS w{len(parts)}"
                )
        return " UNION ALL ".join(parts), params


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _plan(sql_builder):
    """How to read the matches: ("whole", the prefix to read whole), ("words", each prefix's words), or None."""
    prefixes = sql_builder.prefixes
    if len(prefixes) > 1:
        # Read word by word, a broad prefix would be checked for a narrow one row by row: rather read
        # the narrow one whole, and check its few items for the others.
        counts = _fetch(*sql_builder.capped_counts())[0]
        driver = min(range(len(prefixes)), key=lambda index: counts[index])
        if counts[driver] < SELECTIVE_ROWS:
            return ("whole", driver) if counts[driver] else None
    vocabulary = []
    for index in range(len(prefixes)):
        found = [row[0] for row in _fetch(*sql_builder.words(index, MAX_WORDS_PER_PREFIX + 1))]
        if not found:
            return None  # no title has a word so begun
        if len(found) > MAX_WORDS_PER_PREFIX:
            return "whole", index  # many words, few rows each (numbers, say): read the range
        vocabulary.append(found)
    return "words", vocabulary


def _ranked(sql_builder, plan, limit):
    """Up to `limit` (kind slug, object id, rank) of the items matching every prefix, best first."""
    how, what = plan
    if how == "whole":
        return _fetch(*sql_builder.whole_range(what, limit))
    best = {}
    for kind, object_id, rank in _fetch(*sql_builder.word_by_word(what, limit)):
        key = (kind, object_id)
        best[key] = min(rank, best.get(key, rank))
    ordered = sorted(best.items(), key=lambda item: (item[1], item[0][1]))
    return [(kind, object_id, rank) for (kind, object_id), rank in ordered[:limit]]


def _locale_filter(locale):
    if locale is None:
        return None
    if isinstance(locale, str):
        return [locale_ids().get(locale, 0)]
    return [getattr(locale, "pk", locale)]


def suggested(prefixes, locale, limit):
    """Up to `limit` (kind, item, rank) of public items whose titles have a word starting with each prefix.

    Best first: titles whose first word matches, then shorter titles, then by kind (KINDS' order).
    `locale` is a Locale, its id, a language code or None for every language.
    """
    if not prefixes or limit <= 0:
        return []
    kinds = {kind.slug: kind for kind in _kinds()}
    sql_builder = _Sql(list(prefixes), _locale_filter(locale))
    plan = _plan(sql_builder)
    if plan is None:
        return []
    fetch = limit * OVERFETCH
    for _round in range(ROUNDS):
        ranked = _ranked(sql_builder, plan, fetch)
        shown = _public(ranked, kinds, locale, limit)
        # Enough, or nothing more to read.
        if len(shown) == limit or len(ranked) < fetch:
            return shown
        fetch *= GROWTH
    return shown


def _public(ranked, kinds, locale, limit):
    """The ranked items their kind's public queryset keeps, in order: one query per kind present."""
    ids = defaultdict(list)
    for slug, object_id, _rank in ranked:
        ids[slug].append(object_id)
    items = {}
    for slug, object_ids in ids.items():
        if slug in kinds:
            # Unordered: a page queryset's default order (by tree path) costs more to compile than to run.
            public = kinds[slug].public(locale).filter(pk__in=object_ids).order_by()
            items[slug] = {item.pk: item for item in public}
    shown = []
    for slug, object_id, rank in ranked:
        item = items.get(slug, {}).get(object_id)
        if item is not None:
            shown.append((kinds[slug], item, rank))
            if len(shown) == limit:
                break
    return shown

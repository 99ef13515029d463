"""Each kind's public items, and whether they hold a matched row, as SQL to put in a statement of our own.

The search statements (search/sqlite.py, search/postgres.py) read matches from the index and ask
of each row they keep whether the kind's `published(locale)` queryset holds it: a lookup by primary
key, so only the matches are read, never every public row.
"""

from functools import cache
from weakref import WeakKeyDictionary

from django.core.cache import cache as shared_cache
from django.db import connection
from django.db.models.expressions import RawSQL

from cms.generation import CONTENT_SECONDS, SharedVersion, current_generation

# A search asks one public queryset both for its count and for its best matches, of rows it may
# name differently (SQLite's joint statement: `matched.target`, `best.target`): compiling its SQL
# costs about a millisecond, more than some of the statements it goes into, so it is compiled once
# per queryset, with a marker where the column goes. Querysets are never changed in place, and are
# forgotten with the content's generation (public_items') or kept with the process (every_item's).
_compiled = WeakKeyDictionary()
_COLUMN = "held_by_column_7c1f"  # no table, column or parameter of ours is called this


# Moved on by every index write and delete (index_changed): a new draft is indexed without a publish.
INDEX_VERSION = SharedVersion("search:index-version")


def held_by(queryset, column):
    """`EXISTS (…)` for the item whose primary key is `column` (of the outer query), and its parameters."""
    if queryset not in _compiled:
        target = RawSQL(_COLUMN, [])  # noqa: S611 - a marker of our own, never a reader's text
        sql, params = queryset.filter(pk=target).order_by().values("pk").query.sql_with_params()
        if sql.count(_COLUMN) != 1:
            raise ValueError(f"The public queryset's SQL does not name its column once: {sql}")
        _compiled[queryset] = (sql, params)
    sql, params = _compiled[queryset]
    return f"EXISTS ({sql.replace(_COLUMN, column)})", params


# (kind, language, generation) -> the kind's public queryset in that language, as the generation's content has it.
_public_items = {}


def public_items(kind, locale):
    """`kind.public(locale)`, built once per process for the content's generation (cms/generation.py: the
    date, which expires offers, publishes, view restrictions), so that held_by compiles it once, not once
    per search: building and compiling the five kinds' took 2.3 ms of every search page at 100,000 items."""
    key = (kind.slug, getattr(locale, "pk", locale), current_generation())
    if key not in _public_items:
        if len(_public_items) > 100:  # earlier generations' are never asked for again
            _public_items.clear()
        _public_items[key] = kind.public(locale)
    return _public_items[key]


@cache
def every_item(kind):
    """`kind.items()`, every item of the kind, public or not, in every language: built once per process,
    as it holds nothing that changes (no date, no page tree, no language), so held_by compiles it once."""
    return kind.items()


def hidden_counts(locale):
    """{kind slug: how many of the kind's items (every_item) its public queryset in `locale` leaves out}, for
    every kind of search result: drafts, expired offers, private pages, other languages. Counted, and
    kept for kept_hidden_counts.

    A count that finds `limit + hidden` matches among a kind's items needs no lookup of which are
    public to know that over `limit` are (search/postgres.py's `count_held`). One statement: at 100,000
    items, about 50 ms, which search/topk.py has done after the response of the first search after a
    change, so that no reader waits for it.
    """
    from .queries import KINDS  # noqa: PLC0415 - queries builds on this module

    counts, params = [], []
    for kind in KINDS:
        for queryset in (every_item(kind), public_items(kind, locale)):
            sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
            counts.append(f"(SELECT count(*) FROM ({sql}) counted)")  # noqa: S608 - Django's SQL
            params += sql_params
    key = hidden_counts_key(locale)  # read before counting: a change meanwhile leaves the count unused
    differences = ", ".join(f"{every} - {public}" for every, public in zip(counts[::2], counts[1::2], strict=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {differences}", params)
        hidden = dict(zip((kind.slug for kind in KINDS), cursor.fetchone(), strict=True))
    shared_cache.set(key, hidden, CONTENT_SECONDS)
    return hidden


def kept_hidden_counts(locale):
    """hidden_counts as last counted, in the shared cache for every app server, or None if an item may have
    turned public or hidden since: the content's generation has moved on (cms/generation.py: publishes,
    unpublishes, the date that expires offers) or the index's version (an item indexed or deleted, a new
    draft among them: `index_changed`)."""
    return shared_cache.get(hidden_counts_key(locale))


def hidden_counts_key(locale):
    """The shared cache's key of hidden_counts in `locale`, as content and index are now."""
    return f"search:hidden:{getattr(locale, 'pk', locale)}:{current_generation()}:{INDEX_VERSION.read()}"


def index_changed():
    """Entries were indexed or deleted (search/backends.py): hidden_counts counts again."""
    INDEX_VERSION.advance()

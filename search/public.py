"""Each kind's public items, and whether they hold a matched row, as SQL to put in a statement of our own.

The search statements (search/sqlite.py, search/postgres.py) read matches from the index and ask
of each row they keep whether the kind's `published(locale)` queryset holds it: a lookup by primary
key, so only the matches are read, never every public row.
"""

from functools import cache
from weakref import WeakKeyDictionary

from django.db.models.expressions import RawSQL

# A search asks one public queryset both for its count and for its best matches, of rows it may
# name differently (SQLite's joint statement: `matched.target`, `best.target`): compiling its SQL
# costs about a millisecond, more than some of the statements it goes into, so it is compiled once
# per queryset, with a marker where the column goes. Querysets are never changed in place, and are
# forgotten with the search (or, for every_item's, kept with the process).
_compiled = WeakKeyDictionary()
_COLUMN = "held_by_column_7c1f"  # no table, column or parameter of ours is called this


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


@cache
def every_item(kind):
    """`kind.items()`, every item of the kind, public or not, in every language: built once per process,
    as it holds nothing that changes (no date, no page tree, no language), so held_by compiles it once."""
    return kind.items()

"""Whether a public queryset holds a matched row, as SQL to put in a statement of our own.

The search statements (search/sqlite.py, search/postgres.py) read matches from the index and ask
of each row they keep whether the kind's `published(locale)` queryset holds it: a lookup by primary
key, so only the matches are read, never every public row.
"""

from weakref import WeakKeyDictionary

from django.db.models.expressions import RawSQL

# A search asks one public queryset both for its count and for its best matches: compiling its SQL
# costs about a millisecond, more than some of the statements it goes into, so it is compiled once
# per queryset and column. Querysets are never changed in place, and are forgotten with the search.
_compiled = WeakKeyDictionary()


def held_by(queryset, column):
    """`EXISTS (…)` for the item whose primary key is `column` (of the outer query), and its parameters."""
    by_column = _compiled.get(queryset)
    if by_column is None:
        by_column = _compiled[queryset] = {}
    if column not in by_column:
        target = RawSQL(column, [])  # noqa: S611 - a column the caller names, never a reader's text
        sql, params = queryset.filter(pk=target).order_by().values("pk").query.sql_with_params()
        by_column[column] = (f"EXISTS ({sql})", params)
    return by_column[column]

"""Whether a public queryset holds a matched row, as SQL to put in a statement of our own.

The search statements (search/sqlite.py, search/postgres.py) read matches from the index and ask
of each row they keep whether the kind's `published(locale)` queryset holds it: a lookup by primary
key, so only the matches are read, never every public row.
"""

from django.db.models.expressions import RawSQL


def held_by(queryset, column):
    """`EXISTS (…)` for the item whose primary key is `column` (of the outer query), and its parameters."""
    target = RawSQL(column, [])  # noqa: S611 - a column the caller names, never a reader's text
    sql, params = queryset.filter(pk=target).order_by().values("pk").query.sql_with_params()
    return f"EXISTS ({sql})", params

"""PostgreSQL with btree_gin only: a GIN index over (content type, title || body), so that a kind's match reads only its own entries.

The GIN index of 0002 holds every kind's entries of a word together: "firma" in news, where it
matches one article, still had PostgreSQL read the 67,000 entries of companies and offers with
that word (or the whole table) to learn so. With the content type in the same index, the bitmap of
a kind's match holds that kind's entries alone. btree_gin ships with PostgreSQL (contrib) and is a
trusted extension, so any user who may create objects in the database may create it; where it is
missing, this does nothing and the site searches as before (search/postgres.py).
"""

from django.db import DatabaseError, migrations, transaction

INDEX_NAME = "search_indexentry_kind_title_body_gin"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'")
        if cursor.fetchone() is None:
            return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    except DatabaseError:
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} USING gin (content_type_id, (title || body))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_indexentry_title_body_rum"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]

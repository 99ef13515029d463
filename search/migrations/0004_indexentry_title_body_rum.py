"""PostgreSQL with the rum extension only: a RUM index over title || body, which returns matches in rank order.

Created only where the server offers the extension (Debian: postgresql-15-rum) and the migrating
user may create it (a superuser, or after `CREATE EXTENSION rum` by one); elsewhere, and on SQLite,
this does nothing and the site searches without it (search/postgres.py says so in the log).
"""

from django.db import DatabaseError, migrations, transaction

INDEX_NAME = "search_indexentry_title_body_rum"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except DatabaseError:
        # Only a superuser may create it: the site searches without it and says so in the log.
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} USING rum ((title || body) rum_tsvector_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_type_ahead_title_words"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]

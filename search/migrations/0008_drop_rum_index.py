"""The RUM index of migration 0004 is read no more (search/scores.py keeps the site's order): dropped
where it was created, so that indexing no longer keeps it up. The rum extension, created by a
superuser, is left for one to drop (`DROP EXTENSION rum`)."""

from django.db import migrations


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_indexentry_title_body_rum")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_term_score_parts"),
    ]

    operations = [migrations.RunPython(drop_index, migrations.RunPython.noop)]

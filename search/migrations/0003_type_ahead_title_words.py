"""The type-ahead's prefix index (search/suggestions.py): a table of title words.

On PostgreSQL the words are compared in the "C" collation, byte by byte, as SQLite compares them:
the words starting with a prefix are then exactly the range [prefix, next prefix) of the index,
whatever the database's own collation. Fill it once with `manage.py index_type_ahead` (or
`rebuild_search_index`); from then on the search index keeps it in step.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "search_titleword"


def compare_bytes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Rebuilds the table's indexes in that collation too.
        schema_editor.execute(f'ALTER TABLE {TABLE} ALTER COLUMN word TYPE varchar(100) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_indexentry_title_body_gin"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="TitleWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=100)),
                ("rank", models.PositiveIntegerField()),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "locale",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.locale",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["locale", "word", "rank", "object_id"], name="search_titleword_prefix"),
                    models.Index(fields=["object_id", "kind", "word"], name="search_titleword_item"),
                ],
            },
        ),
        migrations.RunPython(compare_bytes, migrations.RunPython.noop),
    ]

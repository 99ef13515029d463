"""The terms of every searchable item with their weighted hits and the item's length, on SQLite
(search/hits.py), filled from the search index as it is."""

from django.db import migrations, models


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM wagtailsearch_indexentry)")
        if not cursor.fetchone()[0]:
            return  # a new database: nothing is indexed yet
    # The backend's own code, so that the rows are those it writes (as migration 0007 does).
    from search.hits import fill_hits  # noqa: PLC0415

    fill_hits()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_term_score_bounds"),
    ]

    operations = [
        migrations.CreateModel(
            name="TermHits",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=200)),
                ("kind", models.CharField(max_length=20)),
                ("content_type_id", models.IntegerField()),
                ("object_id", models.BigIntegerField()),
                ("entry_id", models.BigIntegerField()),
                ("hits", models.FloatField()),
                ("length", models.IntegerField()),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        # After the fill: built at once from the rows, quicker than kept up row by row.
        migrations.AddIndex(
            model_name="termhits",
            index=models.Index(fields=["term", "kind", "hits", "length", "-object_id"], name="search_termhits_best"),
        ),
        migrations.AddIndex(
            model_name="termhits",
            index=models.Index(fields=["content_type_id", "object_id"], name="search_termhits_item"),
        ),
        migrations.AddIndex(
            model_name="termhits",
            index=models.Index(fields=["entry_id", "term", "hits"], name="search_termhits_entry"),
        ),
    ]

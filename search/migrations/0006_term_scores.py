"""The one-word search's table (search/scores.py), filled on PostgreSQL from the search index as it is."""

from django.db import migrations, models

def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM wagtailsearch_indexentry)")
        if not cursor.fetchone()[0]:
            return  # a new database: nothing is indexed yet
    # The backend's own code, so that the rows are those it writes: the content apps are migrated
    # to this point first (dependencies).
    from search.scores import fill_scores  # noqa: PLC0415

    fill_scores()
    schema_editor.execute("ANALYZE search_termscore")  # planned by its statistics from the first search


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0005_indexentry_kind_title_body_gin"),
        ("articles", "0006_translated_tags"),
        ("clusters", "0004_cluster_website_http_only"),
        ("registry", "0005_sector_updated_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="TermScore",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=100)),
                ("kind", models.CharField(max_length=20)),
                ("content_type_id", models.IntegerField()),
                ("object_id", models.BigIntegerField()),
                ("rank", models.FloatField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["term", "kind", "-rank", "-object_id"], name="search_termscore_best"),
                    models.Index(fields=["content_type_id", "object_id"], name="search_termscore_item"),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

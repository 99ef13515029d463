"""What each kept score is made of, for searches of several words (search/scores.py), and the table
filled on PostgreSQL from the search index as it is."""

from django.db import migrations, models


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM wagtailsearch_indexentry)")
        if not cursor.fetchone()[0]:
            return  # a new database: nothing is indexed yet
    # The backend's own code, so that the rows are those it writes: the content apps are migrated
    # to this point first (0006's dependencies).
    from search.scores import fill_scores  # noqa: PLC0415

    fill_scores()
    schema_editor.execute("ANALYZE search_termscore")  # planned by its statistics from the first search


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_term_scores"),
    ]

    operations = [
        migrations.AddField(model_name="termscore", name="title_rank", field=models.FloatField(default=0)),
        migrations.AddField(model_name="termscore", name="body_rank", field=models.FloatField(default=0)),
        migrations.AddField(model_name="termscore", name="title_norm", field=models.FloatField(default=1)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        # After the fill: built at once from the rows, it is smaller and quicker than kept up row by row.
        migrations.AddIndex(
            model_name="termscore",
            index=models.Index(
                fields=["term", "kind", "object_id"],
                include=["title_rank", "body_rank", "title_norm"],
                name="search_termscore_parts",
            ),
        ),
    ]

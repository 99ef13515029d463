"""The one-word search's table (search/scores.py); migration 0007 fills it."""

from django.db import migrations, models

# The table was filled here from the index as it was; migration 0007 fills it (with more columns)
# instead, as this migration's code would now write columns it does not create.


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
    ]

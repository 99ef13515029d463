# The tags field gains its translation behaviour (cms/tags.py); its table and the tags stored stay as
# they are: an English article keeps the tags it has until its translation is next published.

from django.db import migrations

import cms.tags


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_alt_text_per_image_use"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AlterField(
            model_name="articlepage",
            name="tags",
            field=cms.tags.TranslatableTagsManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="articles.ArticlePageTag",
                to="taggit.Tag",
                verbose_name="tags",
            ),
        ),
    ]

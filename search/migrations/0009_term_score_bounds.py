"""Each term's highest title rank, title part and body rank per kind, each a partial index of the rows
where it is not 0: the bound of a search of several words read from each word's first rows
(search/postgres.py's score_bound)."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0008_drop_rum_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='termscore',
            index=models.Index(models.F('term'), models.F('kind'), models.OrderBy(models.F('title_rank'), descending=True), condition=models.Q(('title_rank__gt', 0)), name='search_termscore_titles'),
        ),
        migrations.AddIndex(
            model_name='termscore',
            index=models.Index(models.F('term'), models.F('kind'), models.OrderBy(django.db.models.expressions.CombinedExpression(models.F('title_rank'), '*', models.F('title_norm')), descending=True), condition=models.Q(('title_rank__gt', 0)), name='search_termscore_title_parts'),
        ),
        migrations.AddIndex(
            model_name='termscore',
            index=models.Index(models.F('term'), models.F('kind'), models.OrderBy(models.F('body_rank'), descending=True), condition=models.Q(('body_rank__gt', 0)), name='search_termscore_bodies'),
        ),
    ]

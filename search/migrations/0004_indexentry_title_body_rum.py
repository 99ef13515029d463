"""Formerly a RUM index over title || body (PostgreSQL's rum extension), for candidates in RUM's order.

The search page now reads its best matches in the backend's own order from kept scores
(search/scores.py), so nothing reads a RUM index: this migration creates nothing, and 0008 drops
the index where this migration once created it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_type_ahead_title_words"),
    ]

    operations = []

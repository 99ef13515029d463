"""Wagtail's default moderation workflow and its task get the Polish names the editors use.

Wagtail's migration 0048 names both after the group ("Moderators approval"). A workflow's and a
task's name is one field of data, which Wagtail shows as given, like a page title, to Polish and
English editors alike: the editors work in Polish, so the name is Polish, and an administrator
may rename it in Settings > Workflows. Names an administrator has already changed are kept.
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
POLISH_NAME = "Akceptacja moderatora"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_polish(apps, schema_editor):
    rename(apps, WAGTAIL_NAME, POLISH_NAME)


def to_wagtail(apps, schema_editor):
    rename(apps, POLISH_NAME, WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_login_restrictions_to_staff_groups"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_polish, to_wagtail)]

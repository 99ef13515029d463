"""Digests become one per language, and the Editors and Moderators groups may send them from the admin.

A digest sent before covered every language: it is kept as the Polish one, and a copy with the
same period is made for each other language, taking over the deliveries of its subscribers, so
that the next digest of every language starts where the last one ended.
"""

from django.conf import settings
from django.db import migrations

STAFF_GROUPS = ["Editors", "Moderators"]
PERMISSIONS = ["add_digest", "view_digest"]


def split_digests_by_language(apps, schema_editor):
    Digest = apps.get_model("newsletter", "Digest")
    DigestDelivery = apps.get_model("newsletter", "DigestDelivery")
    others = [code for code, _name in settings.LANGUAGES if code != "pl"]
    for digest in Digest.objects.filter(language="pl"):
        for language in others:
            copy = Digest.objects.create(
                language=language,
                since=digest.since,
                cutoff=digest.cutoff,
                started_at=digest.started_at,
                completed_at=digest.completed_at,
            )
            DigestDelivery.objects.filter(digest=digest, subscriber__language=language).update(digest=copy)


def grant_sending(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are created after all migrations have run; made here so that the groups get them now.
    content_type, _created = ContentType.objects.get_or_create(app_label="newsletter", model="digest")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {codename.split('_')[0]} digest"}
        )[0]
        for codename in PERMISSIONS
    ]
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.add(*permissions)


def revoke_sending(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="newsletter", codename__in=PERMISSIONS)
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_digest_language_sender_and_mail"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The Editors and Moderators groups are created by Wagtail's own migrations.
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [
        migrations.RunPython(split_digests_by_language, migrations.RunPython.noop),
        migrations.RunPython(grant_sending, revoke_sending),
    ]

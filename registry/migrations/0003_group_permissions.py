"""Wagtail's Editors and Moderators groups get the registry, as they get pages: editors draft, moderators publish."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    "add_company", "change_company", "lock_company",
    "add_offer", "change_offer", "lock_offer",
    "add_sector", "change_sector",
]
MODERATOR_CODENAMES = EDITOR_CODENAMES + [
    "delete_company", "publish_company", "unlock_company",
    "delete_offer", "publish_offer", "unlock_offer",
    "delete_sector",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so they can be granted.
    app_config = apps.get_app_config("registry")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in (("Editors", EDITOR_CODENAMES), ("Moderators", MODERATOR_CODENAMES)):
        # Wagtail's own migrations create both groups; a project that deleted them gets nothing here.
        for group in Group.objects.filter(name=group_name):
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="registry", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="registry"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_moderation_workflow"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

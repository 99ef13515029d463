"""Editors draft registry entries and Moderators publish them, as Wagtail's groups do for pages."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from wagtail.snippets.models import create_extra_permissions

EDITOR_CODENAMES = [
    "add_company",
    "change_company",
    "lock_company",
    "add_offer",
    "change_offer",
    "lock_offer",
    "add_sector",
    "change_sector",
]
MODERATOR_CODENAMES = EDITOR_CODENAMES + [
    "delete_company",
    "publish_company",
    "unlock_company",
    "delete_offer",
    "publish_offer",
    "unlock_offer",
    "delete_sector",
]


def grant_group_permissions(sender, using="default", **kwargs):
    """post_migrate: Wagtail creates the publish/lock permissions only after migrations, so grant them here."""
    create_permissions(sender, verbosity=0, using=using)
    create_extra_permissions(sender, using=using)
    for group_name, codenames in (("Editors", EDITOR_CODENAMES), ("Moderators", MODERATOR_CODENAMES)):
        # Wagtail's own migrations create both groups; a project that deleted them gets nothing here.
        for group in Group.objects.using(using).filter(name=group_name):
            group.permissions.add(
                *Permission.objects.using(using).filter(content_type__app_label="registry", codename__in=codenames)
            )

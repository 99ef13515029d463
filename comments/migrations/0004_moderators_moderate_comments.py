"""The Moderators group moderates readers' comments: it is told of pending ones (comments/notifications.py)
and may open, approve, reject and delete them. Before this, only superusers could."""

from django.db import migrations

PERMISSIONS = ("view_comment", "change_comment", "delete_comment")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are created after all migrations have run; made here so that the group gets them now.
    content_type, _created = ContentType.objects.get_or_create(app_label="comments", model="comment")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {codename.split('_')[0]} comment"}
        )[0]
        for codename in PERMISSIONS
    ]
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="comments", codename__in=PERMISSIONS)
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_moderators_notice"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

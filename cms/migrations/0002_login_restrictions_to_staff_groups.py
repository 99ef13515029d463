"""Restrictions saved as "private, for logged-in users" name the staff groups instead.

Wagtail's "login" restriction lets in any signed-in user, and anyone can sign up as a reader. The
restrictions already saved become "groups" restrictions naming every group that may open the admin
(Editors and Moderators by default; superusers pass any restriction), so what they protect is
stated in the data, not only by cms/restrictions.py, which still keeps new "login" ones for staff.
"""

from django.db import migrations


def login_to_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    staff_groups = list(
        Group.objects.filter(
            permissions__content_type__app_label="wagtailadmin", permissions__codename="access_admin"
        ).distinct()
    )
    if not staff_groups:
        return  # nobody but superusers could be named: keep "login", which cms/restrictions.py guards
    for model_name in ("PageViewRestriction", "CollectionViewRestriction"):
        for restriction in apps.get_model("wagtailcore", model_name).objects.filter(restriction_type="login"):
            restriction.restriction_type = "groups"
            restriction.save(update_fields=["restriction_type"])
            restriction.groups.set(staff_groups)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(login_to_staff_groups, migrations.RunPython.noop)]

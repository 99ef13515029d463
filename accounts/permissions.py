"""Editors and Moderators may read the leads (expressions of interest); nobody edits them in the admin."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission


def grant_view_permissions(sender, using="default", **kwargs):
    create_permissions(sender, verbosity=0, using=using)
    permission = Permission.objects.using(using).filter(content_type__app_label="accounts", codename="view_interest")
    for group in Group.objects.using(using).filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permission)

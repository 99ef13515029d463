"""The submitter of a company or offer hears of the moderator's decision (notifications.py)."""

from django.db.models.signals import post_migrate

from wagtail.signals import workflow_approved, workflow_rejected

from .notifications import notify_approved, notify_rejected
from .permissions import grant_view_permissions


def register_signal_handlers(app_config):
    workflow_approved.connect(notify_approved, dispatch_uid="accounts-notify-approved")
    workflow_rejected.connect(notify_rejected, dispatch_uid="accounts-notify-rejected")
    post_migrate.connect(grant_view_permissions, sender=app_config)

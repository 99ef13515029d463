"""Registry changes readers see that Wagtail does not signal as publishing: a sector saved or
deleted (sectors have no drafts), and a company or offer deleted; a redirect when a published
entry moves; and the moderators' and editors' permissions after each migration."""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

from cms.generation import content_changed
from cms.signal_handlers import connect_saved_or_deleted

from .models import Company, Offer, Sector
from .permissions import grant_group_permissions
from .redirects import redirect_from_old_address, remember_published_address


def register_signal_handlers(app_config):
    post_migrate.connect(grant_group_permissions, sender=app_config)
    connect_saved_or_deleted(Sector)
    for model in (Company, Offer):
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-changed-{model._meta.label}-deleted")
        pre_save.connect(remember_published_address, sender=model, dispatch_uid=f"address-{model._meta.label}")
        post_save.connect(redirect_from_old_address, sender=model, dispatch_uid=f"redirect-{model._meta.label}")

"""Webhook events for every model the API serves: published, unpublished, deleted (webhooks.py)."""

from django.db.models.signals import post_save, pre_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from registry.models import Sector

from . import webhooks
from .resources import BY_MODEL


def register_signal_handlers():
    for model in BY_MODEL:
        uid = f"api-webhook-{model._meta.label_lower}"
        pre_delete.connect(webhooks.deleted, sender=model, dispatch_uid=f"{uid}-deleted")
        if model is Sector:
            # Sectors have no drafts: saving one publishes it.
            post_save.connect(webhooks.sector_saved, sender=model, dispatch_uid=f"{uid}-saved")
            continue
        is_page = issubclass(model, Page)
        (page_published if is_page else published).connect(
            webhooks.published, sender=model, dispatch_uid=f"{uid}-published"
        )
        (page_unpublished if is_page else unpublished).connect(
            webhooks.unpublished, sender=model, dispatch_uid=f"{uid}-unpublished"
        )

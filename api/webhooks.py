"""Webhook events: what downstream sites are told when content is published, unpublished or deleted.

Each event is one JSON object, built while the object still exists (a deleted page has no URL
afterwards) and sent after the transaction commits, so that a receiver fetching the API at once
already sees the change. Delivery, signing and retries are in tasks.py.
"""

import uuid

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from registry.models import Sector

from .models import Webhook
from .payloads import Lookups, api_url


def event_payload(instance, event):
    from .resources import BY_MODEL  # resources import the models of every app

    resource = BY_MODEL[type(instance)]
    return {
        "type": resource.type,
        "id": instance.pk,
        "model": instance._meta.label_lower,
        "locale": instance.locale.language_code,
        "url": resource.get_url(instance, Lookups(request=None)),
        "api_url": api_url(resource.name, instance.pk),
        "event": event,
        "timestamp": timezone.now().isoformat(),
    }


def announce(instance, event):
    if not Webhook.objects.filter(active=True).exists():
        return
    payload = event_payload(instance, event)
    transaction.on_commit(lambda: enqueue_deliveries(payload))


def enqueue_deliveries(payload):
    from .tasks import deliver_webhook

    event_id = str(uuid.uuid4())
    for webhook_id in Webhook.objects.filter(active=True).values_list("pk", flat=True):
        deliver_webhook.enqueue(webhook_id, event_id, payload)


def _published(sender, instance, **kwargs):
    announce(instance, "published")


def _unpublished(sender, instance, **kwargs):
    announce(instance, "unpublished")


def _deleted(sender, instance, **kwargs):
    announce(instance, "deleted")


def _sector_saved(sender, instance, raw=False, **kwargs):
    # Sectors have no drafts: saving one publishes it.
    if not raw:
        announce(instance, "published")


def connect_signals():
    from .caching import connect_signals as connect_caching
    from .resources import BY_MODEL

    connect_caching()
    for model in BY_MODEL:
        uid = f"api-webhook-{model._meta.label_lower}"
        pre_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-deleted")
        if model is Sector:
            post_save.connect(_sector_saved, sender=model, dispatch_uid=f"{uid}-saved")
            continue
        is_page = issubclass(model, Page)
        (page_published if is_page else published).connect(_published, sender=model, dispatch_uid=f"{uid}-published")
        (page_unpublished if is_page else unpublished).connect(
            _unpublished, sender=model, dispatch_uid=f"{uid}-unpublished"
        )

"""Webhook events: what downstream sites are told when content is published, unpublished or deleted.

Each event is one JSON object, built while the object still exists (a deleted page has no URL
afterwards) and sent after the transaction commits, so that a receiver fetching the API at once
already sees the change. Delivery, signing and retries are in tasks.py.
"""

import uuid

from django.db import transaction
from django.utils import timezone

from .models import Webhook
from .payloads import Lookups, api_url
from .resources import BY_MODEL
from .tasks import deliver_webhook


def event_payload(instance, event):
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
    event_id = str(uuid.uuid4())
    for webhook_id in Webhook.objects.filter(active=True).values_list("pk", flat=True):
        deliver_webhook.enqueue(webhook_id, event_id, payload)


def published(sender, instance, **kwargs):
    announce(instance, "published")


def unpublished(sender, instance, **kwargs):
    announce(instance, "unpublished")


def deleted(sender, instance, **kwargs):
    announce(instance, "deleted")


def sector_saved(sender, instance, raw=False, **kwargs):
    # Sectors have no drafts: saving one publishes it.
    if not raw:
        announce(instance, "published")

"""Webhook events: what downstream sites are told when content is published, unpublished or deleted.

Each event is one JSON object, built while the object still exists (a deleted page has no URL
afterwards) and queued after the transaction commits, so that a receiver fetching the API at once
already sees the change; with the immediate backend, after the editor's response has been sent
(cms/after_response.py). Delivery, signing and retries are in tasks.py; `verify` is the check a
receiver makes.
"""

import hmac
import time
import uuid

from django.db import transaction
from django.utils import timezone

from django_tasks.backends.immediate import ImmediateBackend

from cms.after_response import after_response

from .models import Webhook
from .payloads import Lookups, api_url, document_url
from .resources import DOCUMENTS, IMAGES
from .tasks import deliver_webhook, sign

# A delivery signed longer ago than this is refused by `verify`: a replayed request is stale.
TOLERANCE_SECONDS = 5 * 60


def verify(secret, body, timestamp, signature, *, tolerance=TOLERANCE_SECONDS, now=None):
    """Whether a delivery is genuine and fresh: what a receiver checks before trusting one.

    `body` is the raw request body (bytes), `timestamp` and `signature` the X-Portal-Timestamp and
    X-Portal-Signature headers. A delivery signed more than `tolerance` seconds ago (or ahead) is
    refused, so that a captured request cannot be replayed later.
    """
    try:
        signed_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - signed_at) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, signed_at, body), signature or "")


def event_payload(resource, instance, event):
    if resource is IMAGES:
        url, locale = None, None
    elif resource is DOCUMENTS:
        url, locale = document_url(instance), None
    else:
        url, locale = resource.get_url(instance, Lookups(request=None)), instance.locale.language_code
    return {
        "type": resource.type,
        "id": instance.pk,
        "model": instance._meta.label_lower,
        "locale": locale,
        "url": url,
        "api_url": api_url(resource.name, instance.pk),
        "event": event,
        "timestamp": timezone.now().isoformat(),
    }


def announce(resource, instance, event):
    if not Webhook.objects.filter(active=True).exists():
        return
    payload = event_payload(resource, instance, event)
    # robust: the editor's change has committed by then; a queue that cannot be reached must not
    # turn it into an error page.
    transaction.on_commit(lambda: enqueue_deliveries(payload), robust=True)


def enqueue_deliveries(payload):
    if isinstance(deliver_webhook.get_backend(), ImmediateBackend):
        # The immediate backend would deliver in the editor's request: send after its response instead.
        after_response(lambda: enqueue_now(payload))
    else:
        enqueue_now(payload)


def enqueue_now(payload):
    event_id = str(uuid.uuid4())
    for webhook_id in Webhook.objects.filter(active=True).values_list("pk", flat=True):
        deliver_webhook.enqueue(webhook_id, event_id, payload)

"""Delivering webhook events as background tasks: signed, retried with exponential backoff, recorded.

The receiver checks `X-Portal-Signature: sha256=<hex>`, the HMAC-SHA256 of
`<X-Portal-Timestamp>.<raw body>` with the webhook's secret, and refuses a timestamp older than five
minutes (webhooks.verify). Every attempt is saved as a WebhookDelivery that administrators see in
the admin, and can send again from there.

No request ever waits out a backoff: a backend that can defer tasks (the database queue) gets the
retry scheduled; with one that cannot (the immediate backend, the default) the failed attempt
records when the next is due and `manage.py deliver_webhooks` (run from cron) sends it.
"""

import datetime
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

import requests
from django_tasks import task

from .models import Webhook, WebhookDelivery

USER_AGENT = "agency-portal-webhooks/1"


def sign(secret, timestamp, body):
    """The X-Portal-Signature header: HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def backoff(attempt):
    """Seconds to wait after failed attempt number `attempt`: the base delay, doubled each time."""
    return settings.API_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempt - 1)


def post(webhook, event_id, body, event):
    """Send one request, signed now; returns (status code or None, error text or "")."""
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Portal-Event": event,
        "X-Portal-Delivery": event_id,
        "X-Portal-Timestamp": str(timestamp),
        "X-Portal-Signature": sign(webhook.secret, timestamp, body),
    }
    try:
        response = requests.post(
            webhook.url, data=body, headers=headers, timeout=settings.API_WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False
        )
    except requests.RequestException as error:
        return None, f"{type(error).__name__}: {error}"[:2000]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:500]}"


@task()
def deliver_webhook(webhook_id, event_id, payload, attempt=1, retries=True):
    """Attempt number `attempt` of one event; `retries=False` for a single redelivery from the admin."""
    webhook = Webhook.objects.filter(pk=webhook_id, active=True).first()
    if webhook is None:
        return
    if retries and webhook.deliveries.filter(event_id=event_id, attempt__gte=attempt).exists():
        return  # made already: by the queue and by deliver_webhooks both
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    started_at = timezone.now()
    status_code, error = post(webhook, event_id, body, payload["event"])
    retry = retries and bool(error) and attempt < settings.API_WEBHOOK_MAX_ATTEMPTS
    finished_at = timezone.now()
    retry_at = finished_at + datetime.timedelta(seconds=backoff(attempt)) if retry else None
    WebhookDelivery.objects.create(
        webhook=webhook,
        event_id=event_id,
        event=payload["event"],
        payload=payload,
        attempt=attempt,
        status_code=status_code,
        error=error,
        succeeded=not error,
        started_at=started_at,
        finished_at=finished_at,
        retry_at=retry_at,
    )
    if retry and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=retry_at).enqueue(webhook_id, event_id, payload, attempt + 1)


def due_retries(now=None):
    """Failed attempts whose next attempt is due and has not been made."""
    later = WebhookDelivery.objects.filter(
        webhook=OuterRef("webhook"), event_id=OuterRef("event_id"), attempt__gt=OuterRef("attempt")
    )
    return (
        WebhookDelivery.objects.filter(retry_at__lte=now or timezone.now(), webhook__active=True)
        .exclude(Exists(later))
        .order_by("retry_at", "pk")
    )


def deliver_due(now=None):
    """Make every retry that is due (run by `manage.py deliver_webhooks`); returns how many."""
    due = list(due_retries(now))
    for delivery in due:
        deliver_webhook.call(delivery.webhook_id, str(delivery.event_id), delivery.payload, delivery.attempt + 1)
    return len(due)


def redeliver(delivery):
    """Send a recorded delivery's event once more, as the next attempt (the admin's Redeliver button)."""
    last = delivery.webhook.deliveries.filter(event_id=delivery.event_id).order_by("-attempt").first()
    deliver_webhook.enqueue(
        delivery.webhook_id, str(delivery.event_id), delivery.payload, last.attempt + 1, retries=False
    )

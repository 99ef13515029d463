"""Delivering webhook events as background tasks: signed, retried with exponential backoff, recorded.

The receiver checks `X-Portal-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with the
webhook's secret. Every attempt is saved as a WebhookDelivery that administrators see in the admin.
"""

import datetime
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.utils import timezone

import requests
from django_tasks import task

from .models import Webhook, WebhookDelivery

USER_AGENT = "agency-portal-webhooks/1"


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def backoff(attempt):
    """Seconds to wait after failed attempt number `attempt`: the base delay, doubled each time."""
    return settings.API_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempt - 1)


def post(webhook, event_id, body, event):
    """Send one request; returns (status code or None, error text or "")."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Portal-Event": event,
        "X-Portal-Delivery": event_id,
        "X-Portal-Signature": signature(webhook.secret, body),
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
def deliver_webhook(webhook_id, event_id, payload, attempt=1):
    webhook = Webhook.objects.filter(pk=webhook_id, active=True).first()
    if webhook is None:
        return
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    started_at = timezone.now()
    status_code, error = post(webhook, event_id, body, payload["event"])
    retry = bool(error) and attempt < settings.API_WEBHOOK_MAX_ATTEMPTS
    delay = backoff(attempt) if retry else None
    finished_at = timezone.now()
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
        retry_at=finished_at + datetime.timedelta(seconds=delay) if retry else None,
    )
    if not retry:
        return
    if deliver_webhook.get_backend().supports_defer:
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        deliver_webhook.using(run_after=run_after).enqueue(webhook_id, event_id, payload, attempt + 1)
    else:
        # A backend that cannot schedule tasks (the immediate one, the default) retries in place.
        time.sleep(delay)
        deliver_webhook.call(webhook_id, event_id, payload, attempt + 1)

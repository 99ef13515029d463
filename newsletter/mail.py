"""Signed links and newsletter messages with one-click unsubscribe headers (RFC 8058), sent through the mail queue."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cms import outbox

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirmation_token(subscriber):
    # The address is part of the payload: a link stops working if the row is reused for another address.
    return signing.dumps([subscriber.pk, subscriber.email], salt=CONFIRM_SALT)


def unsubscribe_token(subscriber):
    return signing.dumps([subscriber.pk, subscriber.email], salt=UNSUBSCRIBE_SALT)


def read_token(token, salt, max_age=None):
    """The [pk, email] a token was made for, or None if it was tampered with or has expired."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    return value


def confirmation_max_age():
    return datetime.timedelta(days=settings.NEWSLETTER_CONFIRMATION_DAYS)


def confirmation_url(subscriber):
    return _absolute(reverse("newsletter:confirm", args=[confirmation_token(subscriber)]))


def unsubscribe_url(subscriber):
    return _absolute(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))


def preview_unsubscribe_url():
    """The unsubscribe link shown in a preview: shaped like a subscriber's, but naming nobody."""
    return _absolute(reverse("newsletter:unsubscribe", args=["preview"]))


def build_message(subscriber, subject, template, context, html_template=None):
    """A message in the subscriber's language that can be unsubscribed from in one click; with
    `html_template`, an HTML part rendered from the same context follows the plain text."""
    unsubscribe = unsubscribe_url(subscriber)
    with translation.override(subscriber.language):
        context = {**context, "subscriber_language": subscriber.language, "unsubscribe_url": unsubscribe}
        body = render_to_string(template, context)
        html = render_to_string(html_template, context) if html_template else None
        subject = str(subject)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_confirmation(subscriber):
    with translation.override(subscriber.language):
        subject = gettext("Confirm your newsletter subscription")
    message = build_message(
        subscriber,
        subject,
        "newsletter/email/confirm.txt",
        {"confirm_url": confirmation_url(subscriber), "days": settings.NEWSLETTER_CONFIRMATION_DAYS},
    )
    outbox.send_message("newsletter/confirm", message)

"""E-mails to readers: account confirmation, the moderation result of their entries, and leads to companies."""

import logging
import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from registry.models import Company, Offer

from .submissions import rejection_comment

CONFIRMATION_SALT = "accounts.confirm-email"
logger = logging.getLogger(__name__)


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirmation_token(user):
    return signing.dumps(user.pk, salt=CONFIRMATION_SALT)


def user_for_token(token):
    """The user id in a confirmation link, or None when it is forged or older than the allowed age."""
    try:
        return signing.loads(token, salt=CONFIRMATION_SALT, max_age=settings.ACCOUNTS_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None


def send(subject_template, body_template, context, to, reply_to=None):
    """Send one plain-text message; False (and a logged error) when the mail server cannot be reached."""
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to).send()
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send %s to %s", subject_template, to)
        return False
    return True


def send_confirmation(user):
    link = absolute(reverse("accounts:confirm", args=[confirmation_token(user)]))
    return send(
        "accounts/email/confirm_subject.txt",
        "accounts/email/confirm_body.txt",
        {"user": user, "link": link, "days": settings.ACCOUNTS_CONFIRMATION_MAX_AGE // 86400},
        [user.email],
    )


def send_interest(interest, offer):
    """The company's private address receives the lead; the reader only ever sees that it was sent."""
    company = offer.company
    return send(
        "accounts/email/interest_subject.txt",
        "accounts/email/interest_body.txt",
        {"interest": interest, "offer": offer, "company": company, "offer_url": offer.full_url},
        [company.email],
        reply_to=[interest.email],
    )


def _moderation_result(workflow_state, approved):
    entry = workflow_state.content_object
    if not isinstance(entry, Company | Offer) or entry.submitted_by is None or not entry.submitted_by.email:
        return
    user = entry.submitted_by
    context = {
        "entry": entry.get_latest_revision_as_object(),
        "approved": approved,
        "comment": "" if approved else rejection_comment(workflow_state),
        "url": entry.full_url if approved else None,
    }
    # In the language the entry was written in: that is the one its author reads.
    language = entry.locale.language_code
    with translation.override(language):
        context["my_entries"] = absolute(reverse("accounts:entries"))
    transaction.on_commit(lambda: _send_in(language, context, [user.email]))


def _send_in(language, context, to):
    with translation.override(language):
        send("accounts/email/moderation_subject.txt", "accounts/email/moderation_body.txt", context, to)


def notify_approved(sender, instance, user=None, **kwargs):
    _moderation_result(instance, approved=True)


def notify_rejected(sender, instance, user=None, **kwargs):
    _moderation_result(instance, approved=False)

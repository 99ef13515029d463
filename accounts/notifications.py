"""E-mails to readers: sign-up confirmation, "you have an account", moderation results, and leads to companies."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cms import outbox
from registry.models import Company, Offer

from .submissions import rejection_comment


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send(subject_template, body_template, context, to, reply_to=None):
    """Queue one plain-text message, delivered once the current transaction commits (cms/outbox.py)."""
    kind = subject_template.removesuffix("_subject.txt").replace("/email/", "/")
    subject = outbox.render_subject(subject_template, context)
    body = render_to_string(body_template, context)
    return outbox.send_mail(kind, subject, body, to, reply_to=reply_to or ())


def send_confirmation(pending, token):
    link = absolute(reverse("accounts:confirm", args=[token]))
    return send(
        "accounts/email/confirm_subject.txt",
        "accounts/email/confirm_body.txt",
        {"link": link, "days": settings.ACCOUNTS_CONFIRMATION_MAX_AGE // 86400},
        [pending.email],
    )


def password_reset_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def send_account_exists(user):
    """Someone signed up with the address of an active account: its owner hears so, and how to get in."""
    return send(
        "accounts/email/account_exists_subject.txt",
        "accounts/email/account_exists_body.txt",
        {"login": absolute(reverse("accounts:login")), "reset_link": password_reset_link(user)},
        [user.email or user.username],
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
    with translation.override(entry.locale.language_code):
        context["my_entries"] = absolute(reverse("accounts:entries"))
        send("accounts/email/moderation_subject.txt", "accounts/email/moderation_body.txt", context, [user.email])


def notify_approved(sender, instance, user=None, **kwargs):
    _moderation_result(instance, approved=True)


def notify_rejected(sender, instance, user=None, **kwargs):
    _moderation_result(instance, approved=False)

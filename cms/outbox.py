"""Every e-mail the site sends: recorded, handed to the task queue when its transaction commits, retried.

Nothing leaves while the transaction that wanted it may still roll back, and a mail server that is
down delays a message instead of losing it: each failure is recorded on the OutgoingMail row
(Settings → Outgoing e-mail) and retried with exponential backoff. A backend that can defer tasks
(the database queue) schedules the retry; with the immediate backend, `manage.py send_queued_mail`
(run from cron) sends what is due, so that no request ever waits out a backoff.
"""

import datetime
import functools
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from django_tasks import task

from .models import OutgoingMail

logger = logging.getLogger(__name__)


def render_subject(template_name, context):
    """A subject template rendered on one line (the template must switch autoescape off)."""
    return " ".join(render_to_string(template_name, context).split())


def send_mail(kind, subject, body, to, *, reply_to=(), headers=None, from_email=None, html=None):
    """Queue one message (plain text, with `html` as its alternative part if given); it is delivered
    after the current transaction commits."""
    message = {
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(to),
        "reply_to": list(reply_to or ()),
        "headers": dict(headers or {}),
        "subject": subject,
        "body": body,
    }
    # Kept in the message with the text, so that it is emptied with it once the message is sent.
    if html:
        message["html"] = html
    mail = OutgoingMail.objects.create(
        kind=kind, recipients=", ".join(to)[:500], subject=subject[:255], message=message
    )
    # robust: the request has committed by then; a queue that cannot be reached must not turn it
    # into an error page. The row stays queued and send_queued_mail picks it up.
    transaction.on_commit(functools.partial(enqueue, mail.pk), robust=True)
    return mail


def send_message(kind, message):
    """Queue an EmailMessage built elsewhere (the newsletter's, with its List-Unsubscribe headers and
    possibly an HTML alternative)."""
    html = next(
        (content for content, mimetype in getattr(message, "alternatives", ()) if mimetype == "text/html"), None
    )
    return send_mail(
        kind,
        message.subject,
        message.body,
        message.to,
        reply_to=message.reply_to,
        headers=message.extra_headers,
        from_email=message.from_email,
        html=html,
    )


def enqueue(mail_id):
    deliver_mail.enqueue(mail_id)


def backoff(attempt):
    """Seconds to wait after failed attempt number `attempt`: the base delay, doubled each time."""
    return settings.MAIL_BACKOFF_SECONDS * 2 ** (attempt - 1)


def build(mail):
    data = mail.message
    html = data.get("html")  # absent from messages queued before HTML parts existed
    message = (EmailMultiAlternatives if html else EmailMessage)(
        data["subject"],
        data["body"],
        data["from_email"],
        data["to"],
        reply_to=data["reply_to"] or None,
        headers=data["headers"] or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


@task()
def deliver_mail(mail_id):
    with transaction.atomic():
        # Locked, so that a retry from send_queued_mail and one from the queue never both send it.
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id, status=OutgoingMail.Status.QUEUED).first()
        if mail is None:
            return "done"  # sent already, or given up on
        return attempt_delivery(mail)


def attempt_delivery(mail):
    attempt = mail.attempts + 1
    try:
        build(mail).send()
    except (OSError, smtplib.SMTPException) as error:
        retry = attempt < settings.MAIL_MAX_ATTEMPTS
        logger.warning("E-mail %s (%s), attempt %s failed: %s", mail.pk, mail.kind, attempt, error)
        mail.attempts = attempt
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        if retry:
            mail.next_attempt_at = timezone.now() + datetime.timedelta(seconds=backoff(attempt))
        else:
            mail.status, mail.next_attempt_at, mail.message = OutgoingMail.Status.FAILED, None, {}
        mail.save(update_fields=["attempts", "last_error", "next_attempt_at", "status", "message"])
        if retry and deliver_mail.get_backend().supports_defer:
            run_after = mail.next_attempt_at
            transaction.on_commit(lambda: deliver_mail.using(run_after=run_after).enqueue(mail.pk), robust=True)
        return "retry" if retry else "failed"
    mail.attempts = attempt
    mail.status, mail.sent_at, mail.next_attempt_at, mail.message = OutgoingMail.Status.SENT, timezone.now(), None, {}
    mail.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "message"])
    return "sent"


def forget_old(now=None):
    """Delete the records of messages sent or given up on more than MAIL_LOG_DAYS ago: their
    recipients are personal data, kept only as long as staff need them to see what failed."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.MAIL_LOG_DAYS)
    done = OutgoingMail.objects.exclude(status=OutgoingMail.Status.QUEUED).filter(created_at__lt=cutoff)
    done = done.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff))
    return done.delete()[0]


def send_due(now=None):
    """Deliver every queued message whose next attempt is due; returns how many were sent."""
    now = now or timezone.now()
    lost_before = now - datetime.timedelta(seconds=settings.MAIL_LOST_AFTER_SECONDS)
    # Due for a retry, or never tried because its task was lost (the queue was unreachable at commit).
    due = OutgoingMail.objects.filter(
        Q(next_attempt_at__lte=now) | Q(attempts=0, created_at__lte=lost_before), status=OutgoingMail.Status.QUEUED
    )
    sent = 0
    for mail_id in due.order_by("pk").values_list("pk", flat=True):
        sent += deliver_mail.call(mail_id) == "sent"
    return sent

"""Outgoing e-mail: one row per message the site sends, so that staff see what was sent and what failed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutgoingMail(models.Model):
    """A message handed to the mail queue (cms/outbox.py); its text is kept only until it has been sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("outgoing e-mail", "queued")
        SENT = "sent", pgettext_lazy("outgoing e-mail", "sent")
        FAILED = "failed", pgettext_lazy("outgoing e-mail", "failed")

    kind = models.CharField(
        pgettext_lazy("outgoing e-mail", "kind"), max_length=80, help_text=_("Which of the site's messages this is.")
    )
    recipients = models.CharField(pgettext_lazy("outgoing e-mail", "recipients"), max_length=500)
    subject = models.CharField(pgettext_lazy("outgoing e-mail", "subject"), max_length=255)
    status = models.CharField(
        pgettext_lazy("outgoing e-mail", "status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("outgoing e-mail", "attempts"), default=0)
    last_error = models.TextField(pgettext_lazy("outgoing e-mail", "last error"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("outgoing e-mail", "queued at"), default=timezone.now)
    sent_at = models.DateTimeField(pgettext_lazy("outgoing e-mail", "sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(pgettext_lazy("outgoing e-mail", "next attempt"), null=True, blank=True)
    # Sender, body, Reply-To and headers; emptied once the message is sent or given up on.
    message = models.JSONField(pgettext_lazy("outgoing e-mail", "message"), default=dict, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due")]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"


# The agency's settings live in their own module; imported here so that Django finds the model.
from .agency import AgencySettings  # noqa: E402, F401

"""Webhook endpoints of downstream sites, and every attempt to deliver an event to them."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret():
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A downstream site told about every published, unpublished or deleted piece of content."""

    name = models.CharField(_("name"), max_length=120, help_text=_("For example: the cluster's own website."))
    url = models.URLField(
        _("address"), max_length=500, help_text=_("Receives a signed JSON POST request for each change.")
    )
    secret = models.CharField(
        _("secret"),
        max_length=128,
        default=new_secret,
        help_text=_(
            "Shared with the receiver, which checks the X-Portal-Signature header "
            "(HMAC-SHA256 of the X-Portal-Timestamp header, a dot and the request body) with it."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one webhook, kept so administrators can see failures."""

    webhook = models.ForeignKey(Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(_("event ID"), help_text=_("The same for every attempt to deliver one event."))
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("delivered"), default=False)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    retry_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, help_text=_("Empty when this was the last attempt.")
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.webhook} (#{self.attempt})"


class ChangeLogEntry(models.Model):
    """One change to what the API shows, in the order it happened: the changes feed (/api/changes/).

    Only ids and actions are kept, never content: a client reads the item from its endpoint.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        UNPUBLISHED = "unpublished", _("unpublished")
        DELETED = "deleted", _("deleted")

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object ID"))
    locale = models.CharField(_("locale"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    timestamp = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log entries")
        ordering = ["pk"]
        indexes = [models.Index(fields=["kind", "object_id", "-id"], name="api_change_item_latest")]

    def __str__(self):
        return f"{self.kind} {self.object_id} {self.action}"

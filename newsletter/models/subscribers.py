"""Newsletter subscribers with their record of consent, and the digests sent to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..topics import Topic

# The wording a subscriber agrees to; its translation at the moment of consent is stored with the consent.
CONSENT_WORDING = _(
    "I agree to receive the newsletter of the Regional Development Agency by e-mail. My address is used only "
    "to send it; I can withdraw my consent at any time with the unsubscribe link in every message."
)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """The one definition of an address that may receive the newsletter: confirmed and not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """An e-mail address signed up for the newsletter; personal data, never shown on the site or the API."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    news = models.BooleanField(_("news"), default=True)
    offers = models.BooleanField(_("offers"), default=True)
    clusters = models.BooleanField(_("clusters"), default=True)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def topics(self):
        return [topic for topic in Topic if getattr(self, topic.value)]

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Consent(models.Model):
    """A record of consent (RODO art. 7): when, in which words, from where; kept even after unsubscribing."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    wording = models.TextField(_("wording"))
    language = models.CharField(_("language"), max_length=10)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.subscriber} ({self.given_at:%Y-%m-%d %H:%M})"


class Digest(models.Model):
    """One digest run: what was published after `since` and up to `cutoff`; resumed until completed."""

    since = models.DateTimeField(_("since"))
    cutoff = models.DateTimeField(_("cut-off"), unique=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-cutoff"]

    def __str__(self):
        return f"{self.since:%Y-%m-%d %H:%M} – {self.cutoff:%Y-%m-%d %H:%M}"


class DigestDelivery(models.Model):
    """One subscriber's copy of a digest; the unique pair is what makes a second copy impossible."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField(default=timezone.now)
    # When the message was handed to the mail queue (cms.OutgoingMail); empty when there was nothing to send.
    sent_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["digest", "subscriber"], name="one_delivery_per_digest_and_subscriber")
        ]

    def __str__(self):
        return f"{self.digest} → {self.subscriber}"

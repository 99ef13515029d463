"""Newsletter subscribers with their record of consent, and the digests sent to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..topics import Topic


def _agency_name():
    # The name the site shows (the same tag as the page header), so the consent names the agency as the site does.
    from cms.templatetags.site_tags import site_name

    return site_name()


# The wording a subscriber agrees to; its translation at the moment of consent is stored with the consent.
# The agency is named in the nominative ("whose sender is"), which Polish can take from the site name unchanged.
CONSENT_WORDING = format_lazy(
    _(
        "I agree to receive the newsletter whose sender is {agency} by e-mail. My address is used only to send it; "
        "I can withdraw my consent at any time with the unsubscribe link in every message."
    ),
    agency=lazy(_agency_name, str)(),
)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """The one definition of an address that may receive the newsletter: confirmed and not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """An e-mail address signed up for the newsletter; personal data, never shown on the site or the API."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # Named in the admin's language; readers choose on the sign-up form, which names each language in itself.
    language = models.CharField(_("language"), max_length=10, choices=settings.WAGTAIL_CONTENT_LANGUAGES)
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
    """One language's digest: what was published after `since` up to `cutoff`; resumed until completed.

    Each digest starts where the previous one of its language ended, so the pair (language, since)
    is unique: two editors pressing Send at once, or the command running meanwhile, cannot start
    two digests of the same news. Only one per language may be unfinished, for the same reason.
    """

    language = models.CharField(
        _("language"), max_length=10, choices=settings.WAGTAIL_CONTENT_LANGUAGES, default=settings.LANGUAGE_CODE
    )
    since = models.DateTimeField(_("since"))
    cutoff = models.DateTimeField(_("cut-off"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the digest was sent by the scheduled command."),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-cutoff", "language"]
        constraints = [
            models.UniqueConstraint(fields=["language", "since"], name="one_digest_per_language_and_start"),
            models.UniqueConstraint(
                fields=["language"],
                condition=models.Q(completed_at__isnull=True),
                name="one_unfinished_digest_per_language",
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()}: {self.since:%Y-%m-%d %H:%M} – {self.cutoff:%Y-%m-%d %H:%M}"


class DigestDelivery(models.Model):
    """One subscriber's copy of a digest; the unique pair is what makes a second copy impossible."""

    class Status(models.TextChoices):
        NOTHING_NEW = "nothing-new", _("nothing new in their topics")
        QUEUED = "queued", pgettext_lazy("outgoing e-mail", "queued")
        SENT = "sent", pgettext_lazy("outgoing e-mail", "sent")
        FAILED = "failed", pgettext_lazy("outgoing e-mail", "failed")
        FORGOTTEN = "forgotten", _("handed to the mail queue (the record of the message has been removed)")

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField(default=timezone.now)
    # When the message was handed to the mail queue (cms.OutgoingMail); empty when there was nothing to send.
    sent_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    # The queued message, for its delivery status; emptied when the outbox forgets old messages.
    mail = models.ForeignKey("cms.OutgoingMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["digest", "subscriber"], name="one_delivery_per_digest_and_subscriber")
        ]

    def __str__(self):
        return f"{self.digest} → {self.subscriber}"

    @property
    def status(self):
        if self.sent_at is None:
            return self.Status.NOTHING_NEW
        if self.mail is None:
            return self.Status.FORGOTTEN
        return self.Status(self.mail.status)

"""Leads (a reader's expression of interest in an offer, kept for the editors) and sign-ups awaiting confirmation."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Interest(models.Model):
    """What a reader wrote to a company about one of its offers; the e-mail itself went to the company."""

    offer = models.ForeignKey(
        "registry.Offer", verbose_name=_("offer"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer_title = models.CharField(_("offer title"), max_length=255)
    company_name = models.CharField(_("company"), max_length=255)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    message = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} → {self.offer_title}"


def new_signup_token():
    return secrets.token_urlsafe(32)


class PendingSignUp(models.Model):
    """A sign-up waiting for its e-mail confirmation: the account exists only once a link is followed.

    Several may wait for one address (someone else may have typed it first); the first link followed
    creates the account with its own password and voids the others.
    """

    email = models.EmailField(_("e-mail"), db_index=True)
    password = models.CharField(_("password"), max_length=128, help_text=_("A hash, as stored for accounts."))
    token = models.CharField(max_length=64, unique=True, default=new_signup_token, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("account", "signed up at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-up awaiting confirmation")
        verbose_name_plural = _("sign-ups awaiting confirmation")

    def __str__(self):
        return self.email

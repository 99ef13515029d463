"""Changing an account's e-mail address: only a link sent to the new address changes it, and nobody
learns from the answer whether the new address already has an account."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from . import notifications
from .signups import account_for

EMAIL_CHANGE_SALT = "accounts.change-e-mail"
User = get_user_model()


def request_email_change(user, new_email):
    """Mail a link to the new address and a notice to the current one; a taken address mails its owner
    instead, so the person asking sees the same answer either way."""
    old_email = user.email
    owner = account_for(new_email)
    if owner is not None and owner.pk != user.pk:
        notifications.send(
            "accounts/email/email_taken_subject.txt", "accounts/email/email_taken_body.txt", {}, [new_email]
        )
    else:
        token = signing.dumps({"user": user.pk, "old": old_email, "new": new_email}, salt=EMAIL_CHANGE_SALT)
        link = notifications.absolute(reverse("accounts:email_change_confirm", args=[token]))
        context = {"link": link, "days": settings.ACCOUNTS_CONFIRMATION_MAX_AGE // 86400}
        notifications.send(
            "accounts/email/email_change_subject.txt", "accounts/email/email_change_body.txt", context, [new_email]
        )
    if old_email:
        notifications.send(
            "accounts/email/email_change_notice_subject.txt",
            "accounts/email/email_change_notice_body.txt",
            {"new_email": new_email},
            [old_email],
        )


def confirm_email_change(token):
    """Apply the change a link names; None when the link is forged, expired, used, or the address was taken since."""
    try:
        value = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=settings.ACCOUNTS_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=value.get("user"), is_active=True).first()
        # The old address is part of the link, so a link works once and dies with any later change.
        if user is None or user.email != value.get("old"):
            return None
        new_email = value.get("new", "")
        owner = account_for(new_email)
        if owner is not None and owner.pk != user.pk:
            return None
        if user.username.lower() == user.email.lower():
            user.username = new_email  # the address is the login
        user.email = new_email
        user.save(update_fields=["username", "email"])
        return user

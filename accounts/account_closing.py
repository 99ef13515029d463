"""Closing an account at its owner's request (RODO art. 17): personal data removed, the agency's content kept.

The account row stays, deactivated and emptied, so that comments keep their author (shown as "Reader")
and revisions and workflow history keep a consistent user; it can never log in again.
Published companies and offers stay as the agency's content with no submitter; drafts and entries
never published are withdrawn (deleted); changes awaiting review are withdrawn from moderation.
"""

import re
import uuid

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from cms.models import OutgoingMail
from comments.models import Comment
from registry.models import Company, Offer

from . import notifications
from .account_data import interests_sent_by, subscriptions_of
from .models import PendingSignUp

CLOSED_USERNAME_PREFIX = "closed-"


def close_account(user):
    with transaction.atomic():
        address, username = user.email, user.get_username()
        withdraw_entries(user)
        Comment.objects.filter(author=user).update(ip_address=None)
        interests_sent_by(user).update(name="", email="")
        subscriptions_of(user).delete()
        forget_address(address)
        forget_login(username)
        # Last, so that nothing above removes it: the only record of the address left is this
        # message's own line in the outgoing mail log, forgotten after MAIL_LOG_DAYS like any other.
        if address:
            notifications.send(
                "accounts/email/account_closed_subject.txt", "accounts/email/account_closed_body.txt", {}, [address]
            )
        scrub(user)


def withdraw_entries(user):
    for model in (Offer, Company):
        entries = model.objects.filter(submitted_by=user)
        for entry in entries.filter(live=False):
            entry.delete()
        for entry in entries.filter(live=True):
            state = entry.current_workflow_state
            if state is not None and state.status in (
                WorkflowState.STATUS_IN_PROGRESS,
                WorkflowState.STATUS_NEEDS_CHANGES,
            ):
                state.cancel(user=None)
        entries.update(submitted_by=None)


def forget_address(address):
    if not address:
        return
    PendingSignUp.objects.filter(email__iexact=address).delete()
    forget_login(address)
    # Log lines of messages to the address, and messages not sent yet that carry it (a lead's Reply-To
    # and text): those are withdrawn. A substring match alone could catch a longer address.
    mails = OutgoingMail.objects.annotate(text=Cast("message", TextField())).filter(
        Q(recipients__icontains=address) | Q(text__icontains=address)
    )
    whole_address = re.compile(rf"(?<![\w.+-]){re.escape(address)}(?![\w-])", re.IGNORECASE)
    ids = [mail.pk for mail in mails if whole_address.search(f"{mail.recipients} {mail.text}")]
    OutgoingMail.objects.filter(pk__in=ids).delete()


def forget_login(username):
    """django-axes' records of log-in attempts name the account."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=username).delete()


def scrub(user):
    UserProfile.objects.filter(user=user).delete()
    user.username = f"{CLOSED_USERNAME_PREFIX}{uuid.uuid4().hex}"
    user.email = user.first_name = user.last_name = ""
    user.last_login = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

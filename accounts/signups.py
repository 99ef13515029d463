"""Sign-up, confirmation and password reset that neither reveal nor let anyone hold an address they cannot read.

Every request gets the same answer and does the same work whatever the address: it stores what was
asked and queues a task; the task decides what to send. A sign-up becomes an account only when a
link sent to the address is followed, so typing someone else's address blocks nobody.
"""

import datetime
import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from django_tasks import task

from . import notifications
from .models import PendingSignUp

CONFIRMATION_SALT = "accounts.confirm-sign-up"
User = get_user_model()


def after_commit(task_, *args):
    """Queue `task_` in the reader's language once the request's transaction has committed."""
    transaction.on_commit(functools.partial(task_.enqueue, *args, translation.get_language()), robust=True)


def request_signup(email, password):
    with transaction.atomic():
        pending = PendingSignUp.objects.create(email=email, password=make_password(password))
        after_commit(answer_signup, pending.pk)
    return pending


def request_confirmation(email):
    after_commit(answer_confirmation_request, email)


def request_password_reset(email):
    after_commit(answer_password_reset, email)


def account_for(email):
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()


def never_confirmed(user):
    """An account of the sign-up flow before pending sign-ups: inactive and never used (not one editors blocked)."""
    return not user.is_active and user.last_login is None and not user.is_staff and not user.is_superuser


def confirmation_token(pending):
    return signing.dumps(pending.token, salt=CONFIRMATION_SALT)


def pending_for_token(token):
    """The sign-up a confirmation link names, or None when it is forged, too old or already void."""
    try:
        value = signing.loads(token, salt=CONFIRMATION_SALT, max_age=settings.ACCOUNTS_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return PendingSignUp.objects.filter(token=value).first() if isinstance(value, str) else None


def confirm(pending):
    """Create (or activate) the account with this sign-up's password; None when the link is void.

    The first link followed wins: every other sign-up of the address is removed with it, and an
    address that already has an active or blocked account is never changed by a link.
    """
    with transaction.atomic():
        pending = PendingSignUp.objects.select_for_update().filter(pk=pending.pk).first()
        if pending is None:
            return None
        user = account_for(pending.email)
        PendingSignUp.objects.filter(email__iexact=pending.email).delete()
        if user is None:
            user = User(username=pending.email, email=pending.email)
        elif not never_confirmed(user):
            return None
        user.password = pending.password
        user.is_active = True
        user.is_staff = False  # never staff, never in a group: no way into /admin/
        user.save()
        return user


def expire_unconfirmed(now=None):
    """Remove sign-ups older than ACCOUNTS_UNCONFIRMED_DAYS, and never-used inactive accounts of that age."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ACCOUNTS_UNCONFIRMED_DAYS)
    pending, _ = PendingSignUp.objects.filter(created_at__lt=cutoff).delete()
    stale = User.objects.filter(
        is_active=False,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        groups__isnull=True,
        date_joined__lt=cutoff,
    ).exclude(
        # An account its owner closed (account_closing.py) keeps their anonymised comments: never removed.
        password__startswith=UNUSABLE_PASSWORD_PREFIX
    )
    ids = list(stale.values_list("pk", flat=True))
    User.objects.filter(pk__in=ids).delete()
    return pending + len(ids)


# The tasks: what the requests above queued. Each runs in the language the reader used.


@task()
def answer_signup(pending_id, language):
    """An address with an account hears so (with a reset link); any other gets this sign-up's confirmation."""
    pending = PendingSignUp.objects.filter(pk=pending_id).first()
    if pending is None:
        return
    with translation.override(language):
        user = account_for(pending.email)
        if user is not None and not never_confirmed(user):
            # Its password must never apply: the owner keeps theirs.
            pending.delete()
            if user.is_active:
                notifications.send_account_exists(user)
            return
        notifications.send_confirmation(pending, confirmation_token(pending))


@task()
def answer_confirmation_request(email, language):
    with translation.override(language):
        user = account_for(email)
        if user is not None and user.is_active:
            notifications.send_account_exists(user)
        else:
            resend_confirmation(email, user)


@task()
def answer_password_reset(email, language):
    """Active accounts get Django's reset link; an address still waiting for confirmation gets the confirmation."""
    from .forms import PasswordResetMailer

    with translation.override(language):
        form = PasswordResetMailer({"email": email})
        if not form.is_valid():
            return
        if any(True for _ in form.get_users(email)):
            base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            form.save(domain_override=base.netloc, use_https=base.scheme == "https")
        else:
            resend_confirmation(email, account_for(email))


def resend_confirmation(email, user):
    pending = PendingSignUp.objects.filter(email__iexact=email).order_by("-created_at").first()
    if pending is None and user is not None and never_confirmed(user):
        # An account left unconfirmed by the earlier sign-up flow: confirmed like a sign-up with its password.
        pending = PendingSignUp.objects.create(email=user.email or email, password=user.password)
    if pending is not None:
        notifications.send_confirmation(pending, confirmation_token(pending))


@task()
def expire_unconfirmed_accounts():
    return expire_unconfirmed()

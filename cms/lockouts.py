"""Every credential is throttled the same way: django-axes counts wrong passwords per client address
and per account (admin and reader log-ins, page and document passwords), locks after
AXES_FAILURE_LIMIT and answers 429 with a page in the reader's language."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import CollectionViewRestriction, PageViewRestriction

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset

# The "username" under which a protected page's or collection's password is counted: never a real
# username, since Django's usernames cannot hold a colon.
PROTECTED_PAGE = "page-password:"
PROTECTED_COLLECTION = "document-password:"


def lockout_response(request, original_response=None, credentials=None):
    """axes' AXES_LOCKOUT_CALLABLE: the lock-out page, 429, with the wait in minutes."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    context = {"minutes": minutes, "reset_url": _password_reset_url(request, credentials)}
    response = render(request, "cms/lockout.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def _password_reset_url(request, credentials):
    username = str(get_client_username(request, credentials) or "")
    if username.startswith((PROTECTED_PAGE, PROTECTED_COLLECTION)):
        return None  # a page's password is shared, and only its editors can change it
    if request.path.startswith(reverse("wagtailadmin_home")):
        return reverse("wagtailadmin_password_reset")
    return reverse("accounts:password_reset")


def throttled_password(view, prefix, restriction_kwarg):
    """Wrap Wagtail's password form view of a page or a collection: wrong passwords count like wrong
    log-ins, for the client's address and for the restriction, and a locked one is not checked."""

    @functools.wraps(view)
    def wrapper(request, **kwargs):
        if request.method != "POST":
            return view(request, **kwargs)
        credentials = get_credentials(f"{prefix}{kwargs[restriction_kwarg]}")
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, credentials=credentials)
        response = view(request, **kwargs)
        # Wagtail redirects once the password is right and shows the form again (200) when it is
        # wrong; an unknown restriction is a 404 and proves nothing.
        if response.status_code == 200:
            # axes records the failure and, at the limit, AxesMiddleware answers with the lock-out page.
            AxesProxyHandler.user_login_failed(sender=wrapper, credentials=credentials, request=request)
        return response

    return wrapper


@dataclass(frozen=True)
class Lock:
    """A client address or an account (or protected page) that has reached the failure limit."""

    kind: str  # "address" or "account"
    value: str
    failures: int
    last_attempt: datetime

    @property
    def label(self):
        """What the editor reads: the address, the username, or the protected page or collection."""
        for prefix, model, text in (
            (PROTECTED_PAGE, PageViewRestriction, _("Password of the page “%(name)s”")),
            (PROTECTED_COLLECTION, CollectionViewRestriction, _("Password of the collection “%(name)s”")),
        ):
            if self.kind == "account" and self.value.startswith(prefix):
                restriction = model.objects.filter(pk=self.value.removeprefix(prefix)).first()
                protected = restriction and (getattr(restriction, "page", None) or restriction.collection)
                return text % {"name": protected} if protected else self.value
        return self.value


def current_locks():
    """Every lock in force now: addresses and accounts whose recent failures reach the limit."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
    limit = get_failure_limit(None, None)
    locks = []
    for kind, field in (("address", "ip_address"), ("account", "username")):
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last_attempt")
        )
        locks += [Lock(kind, row[field], row["failures"], row["last_attempt"]) for row in rows]
    return locks


def lift(kind, value):
    """Forget the failures of an address or an account, which lifts its lock; how many were forgotten."""
    if kind == "address":
        return reset(ip=value)
    if kind == "account":
        return reset(username=value)
    raise ValueError(kind)

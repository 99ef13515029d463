"""Abuse resistance shared by every public form: honeypot, rate limits per IP and account, plain text."""

import functools

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "leave_empty"


class HoneypotMixin(forms.Form):
    """A field hidden from people (CSS) but filled by naive bots; see `caught_by_honeypot`."""

    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def caught_by_honeypot(self):
        return bool(self.data.get(HONEYPOT_FIELD))


class PlainTextField(forms.CharField):
    """Text without markup: tags are stripped, so `<script>` never reaches the database."""

    def to_python(self, value):
        value = super().to_python(value)
        return strip_tags(value).strip() if value else value


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(key, limit, window):
    """Count one event under `key`; True when more than `limit` happened within `window` seconds."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count > limit


def too_many(request, scope):
    """Count one submission per IP and per account; True when either is over the limit."""
    limit, window = settings.ACCOUNTS_RATE_LIMIT
    keys = [f"rate:{scope}:ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"rate:{scope}:user:{request.user.pk}")
    # Every key is counted, so a burst from one account is seen from any address.
    return any([hit(key, limit, window) for key in keys])  # noqa: C419


def rate_limited(scope):
    """View decorator: POSTs beyond the rate limit get a 429 page and are not processed."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and too_many(request, scope):
                return TemplateResponse(request, "accounts/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

"""Abuse resistance shared by every public form: client address, cache-based rate limits, a honeypot
field and plain-text fields."""

import time

from django import forms
from django.core.cache import cache
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "leave_empty"


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is forged at will unless a trusted proxy rewrites REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _counter_key(key, window):
    return f"ratelimit:{key}:{int(time.time() // window)}"


def current_hits(key, window):
    """How many hits `key` has had in this `window` (seconds), without counting one."""
    return cache.get(_counter_key(key, window)) or 0


def over_limit(key, limit, window):
    """Count one hit under `key`; True when there were more than `limit` in this `window` (seconds)."""
    key = _counter_key(key, window)
    # add() creates the counter atomically; incr() is atomic on Redis and memcached.
    cache.add(key, 0, timeout=window)
    try:
        hits = cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(key, 1, timeout=window)
        hits = 1
    # A cache that ignores its errors (django-redis in production) answers None while it is
    # down: the limit cannot be counted, and a reader's submission must not fail for that.
    return hits is not None and hits > limit


def rate_limited(scope, identity, limit, window):
    """Count one hit for (scope, identity) and say whether it is over `limit` hits in `window` seconds."""
    return over_limit(f"{scope}:{identity}", limit, window)


class HoneypotFormMixin(forms.Form):
    """A field people never see (hidden by CSS, labelled for screen readers); bots that fill every
    input do, and their submission is quietly dropped."""

    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def caught_by_honeypot(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))


class PlainTextField(forms.CharField):
    """Text without markup: tags are stripped, so `<script>` never reaches the database."""

    def to_python(self, value):
        value = super().to_python(value)
        return strip_tags(value).strip() if value else value

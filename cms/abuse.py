"""Abuse resistance shared by the public forms: client address, cache-based rate limits, a honeypot field."""

import time

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is forged at will unless a trusted proxy rewrites REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(scope, identity, limit, window):
    """Count one hit for (scope, identity) and say whether it is over `limit` hits in a fixed `window` (seconds)."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{identity}:{bucket}"
    # add() creates the counter atomically; incr() is atomic on Redis and memcached.
    cache.add(key, 0, timeout=window)
    try:
        hits = cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(key, 1, timeout=window)
        hits = 1
    return hits > limit


class HoneypotFormMixin(forms.Form):
    """A field people never see; bots that fill every input do, and their submission is quietly dropped."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.data.get(self.add_prefix("website")))

"""Abuse resistance shared by every public form: client address, cache-based rate limits, a honeypot
field and plain-text fields."""

import functools
import ipaddress
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .validators import validate_multiline, validate_single_line

HONEYPOT_FIELD = "leave_empty"


def client_ip(request):
    """The address of the client behind `request`: what every limit and lock-out is keyed by."""
    return client_address(request.META)


def client_address(meta):
    """The client's address from a WSGI environ (or request.META), or None when there is none.

    X-Forwarded-For is read only through the proxies the deployment trusts (TRUSTED_PROXIES,
    TRUSTED_PROXY_COUNT): anyone can send the header, so only the entries our own proxies
    appended, at its right end, say who connected to them. Anything else gives REMOTE_ADDR.
    """
    remote = _address(meta.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    count = settings.TRUSTED_PROXY_COUNT
    if remote is None or not (networks or count):
        return _text(remote)
    if networks and not _trusted(remote, networks):
        return _text(remote)  # not one of our proxies: its header is the client's own word
    forwarded = [entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if count:
        # With N proxies in a row, the first of them appended the client: the N-th entry from the
        # right. Fewer entries mean the request skipped a proxy, and nothing in it is ours.
        client = _address(forwarded[-count]) if len(forwarded) >= count else None
        return _text(client or remote)
    # Trusted networks alone: walk from the right past our own proxies to the first other address.
    client = remote
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            return _text(remote)  # a malformed entry where a proxy's was expected: trust none of it
        client = address
        if not _trusted(address, networks):
            break
    return _text(client)


def _address(text):
    try:
        address = ipaddress.ip_address(text.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None
    # An IPv4 client seen through a dual-stack socket arrives as ::ffff:a.b.c.d.
    return getattr(address, "ipv4_mapped", None) or address


def _trusted(address, networks):
    return any(address in network for network in networks)


def _text(address):
    return str(address) if address is not None else None


@functools.cache
def _networks(values):
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def over_limit(key, limit, window, now=None):
    """Count one hit under `key`; True when there were more than `limit` in the last `window` seconds.

    Two fixed windows, the previous one weighed by how much of it the last `window` seconds still
    cover (a sliding-window estimate): counting the current window alone would let a burst through
    twice over when it straddles a window's end.
    """
    now = time.time() if now is None else now
    number, elapsed = divmod(now, window)
    counter = f"ratelimit:{key}:{int(number)}"
    # Kept through the next window too, which weighs it. add() creates the counter atomically;
    # incr() is atomic on Redis and memcached.
    cache.add(counter, 0, timeout=2 * window)
    try:
        hits = cache.incr(counter)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(counter, 1, timeout=2 * window)
        hits = 1
    # A cache that ignores its errors (django-redis in production) answers None while it is
    # down: the limit cannot be counted, and a reader's submission must not fail for that.
    if hits is None:
        return False
    previous = cache.get(f"ratelimit:{key}:{int(number) - 1}") or 0
    return previous * (1 - elapsed / window) + hits > limit


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
    """Text without markup: tags are stripped, so `<script>` never reaches the database; control
    characters are refused (tabs and line breaks allowed when the widget is a Textarea)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        multiline = isinstance(self.widget, forms.Textarea)
        self.validators.append(validate_multiline if multiline else validate_single_line)

    def to_python(self, value):
        value = super().to_python(value)
        return strip_tags(value).strip() if value else value

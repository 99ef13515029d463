"""One generation of published content, under which every kept page, fragment, value and API
answer lives.

A change that readers can see (the triggers are in cms/signal_handlers.py) moves the generation
forward, so the next reader gets a fresh render on every app server at once. The generation is a
time in microseconds (its value is also the API's Last-Modified) and only ever grows, so a value
that an app server still holds in memory under an old generation is never asked for again. Keys
also name the release (a deploy starts afresh) and the date (offers expire at midnight without a
publish), and, through `content_key`, the host the request came to.
"""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone

from .cache import forget, per_request, request_host

GENERATION_KEY = "content:generation"
CONTENT_SECONDS = 24 * 60 * 60  # how long `remember` keeps a value that no change has replaced

# What is computed from published content: each app server keeps a copy in memory (cms/cache.py).
content_cache = caches["content"]


def _now():
    return time.time_ns() // 1000


class SharedVersion:
    """A number in the shared cache that only grows, seen the same all through one request: every app
    server reads the same, and any of them moves it on."""

    def __init__(self, key):
        self.key = key

    def _read(self):
        value = cache.get(self.key)
        if value is None:
            # Lost (a Redis restart) or never set: a time is a value no earlier version had.
            cache.add(self.key, _now(), timeout=None)
            value = cache.get(self.key) or _now()
        return value

    def read(self):
        """The version, read from the shared cache once per request."""
        return per_request(self.key, self._read)

    def _advance(self):
        # incr is atomic: two servers that move it at once both move it forward, and it never comes
        # back to a value it had.
        step = max(1, _now() - self._read())
        try:
            cache.incr(self.key, step)
        except ValueError:  # the key vanished between the read and the increment
            cache.set(self.key, _now(), timeout=None)
        forget(self.key)

    def advance(self):
        """Move the version on, now and again once the change is committed: a request that read the new
        version while the change was still in its transaction computed from the old state, and what it
        kept must not stay kept under it."""
        self._advance()
        transaction.on_commit(self._advance)


GENERATION = SharedVersion(GENERATION_KEY)


def version():
    """The generation's number, read from the shared cache once per request."""
    return GENERATION.read()


def current_generation():
    """What every kept render or value of published content is keyed under: release, version, date."""
    return f"{settings.RELEASE_ID}:{version()}:{timezone.localdate().isoformat()}"


def last_modified():
    """When published content last changed, never before today's start (offers expire at midnight)."""
    changed = datetime.datetime.fromtimestamp(min(version(), _now()) / 1_000_000, tz=datetime.UTC)
    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return max(changed, start_of_today).replace(microsecond=0)


def content_changed(**kwargs):
    """A signal receiver (or a plain call): what readers see has changed."""
    GENERATION.advance()


def content_key(name, identity, generation=None):
    """A cache key for something computed from published content for the request's host, valid
    until that content changes: `identity` (anything with a stable repr) under `generation`."""
    if generation is None:
        generation = current_generation()
    digest = hashlib.sha256(repr((request_host(), identity)).encode()).hexdigest()
    return f"{name}:{generation}:{digest}"


# The layers below the whole-page cache, each of which a setting switches off (CACHE_LAYERS_OFF),
# so that bench/run can show what each one buys.
LAYERS = (
    "site_frame",  # home page, sections and language links of every page, and routing to sections
    "view_restrictions",  # the private parts of the page tree, for every page served and every list
    "list_totals",  # the total of a paginated list, on the site and in the API
    "filter_choices",  # the choices of the list filters (tags, years, sectors, clusters)
    "search_rankings",  # each search's counts per kind and its best matches
    "fragments",  # the rendered filter forms and cluster maps
    "local_copies",  # each app server's in-memory copy of the values kept here (cms/cache.py)
)


def layer_on(layer):
    return layer not in settings.CACHE_LAYERS_OFF


def remember(layer, identity, compute, timeout=CONTENT_SECONDS):
    """What `compute()` returns for published content, kept until that content changes.

    `layer`: which of the LAYERS this value belongs to (with a suffix after a colon where a layer
    keeps several values, as in "filter_choices:tags"). `identity` is whatever the value is a
    function of besides published content and the host: a page's pk and the query parameters it
    knows, a search's words.
    """
    if not layer_on(layer.partition(":")[0]):
        return compute()
    key = content_key(layer, identity)
    value = content_cache.get(key)
    if value is None:
        value = compute()
        content_cache.set(key, value, timeout)
    return value

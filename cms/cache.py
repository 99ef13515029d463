"""Fewer round trips to the shared cache: a copy in the process of what never changes under its key,
and one read per request of what does.

The site keeps what it computes from published content (the site frame, list totals, filter
choices, search counts, rendered maps) under keys that name the content generation it came from
(cms/generation.py). Such a key never gets another value: a publish moves every reader to new
keys. So each app server may keep its own copy of those values and skip the network (the
`content` cache alias, `LocalCopyCache`); only the generation itself is read from the shared
cache, once per request (`per_request`), so a publish on one server is seen on the next request
to any other.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

from asgiref.local import Local

_MISSING = object()


class LocalCopyCache(BaseCache):
    """Another cache alias (OPTIONS["SHARED"], by default "default") with a copy of each value in
    the process, kept at most OPTIONS["LOCAL_SECONDS"] (default 300) and OPTIONS["MAX_ENTRIES"]
    (default 1000) entries.

    Only for keys whose value never changes: a copy here is not told when the shared value is
    replaced or deleted elsewhere.
    """

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._local_seconds = options.get("LOCAL_SECONDS", 300)
        self._local = LocMemCache(
            f"local-copy-{location}",
            {"TIMEOUT": self._local_seconds, "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 1000)}},
        )

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def _local_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self._local_seconds
        return min(timeout, self._local_seconds)

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self._local.set(key, value, self._local_seconds, version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version)
        self._local.set(key, value, self._local_timeout(timeout), version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not self._shared.add(key, value, timeout, version):
            return False
        self._local.set(key, value, self._local_timeout(timeout), version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version)

    def delete(self, key, version=None):
        self._local.delete(key, version)
        return self._shared.delete(key, version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version) or self._shared.has_key(key, version)

    def clear(self):
        self._local.clear()
        self._shared.clear()

    def clear_local(self):
        """Forget this process's copies (tests, after the shared cache was emptied behind its back)."""
        self._local.clear()


_request = Local()


def per_request(key, read):
    """`read()`, once per request: the value of a shared cache key that changes (a content
    generation) seen the same all through one request, and read only once. Outside a request,
    read every time."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def forget(key):
    """After this process changed the value: the rest of the request reads it again."""
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo.pop(key, None)


def set_request_host(host):
    """The host this request came to, validated (cms/page_cache.py): part of every key of kept content."""
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo["host"] = host


def request_host():
    """The validated host of the request being served, or "" outside a request."""
    memo = getattr(_request, "memo", None)
    return memo.get("host", "") if memo else ""


def open_request(**kwargs):
    _request.memo = {}


def close_request(**kwargs):
    _request.memo = None

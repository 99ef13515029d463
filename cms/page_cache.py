"""A whole-response cache for anonymous readers, emptied whenever published content changes.

Rendering a page costs queries; serving it from the shared cache costs none. Keys name the
content generation (cms/generation.py: release, last change, date), the host the request came to
(validated like any request, so an unknown host gets 400 from here too) and the path with its
query parameters, sorted. A response is kept only when every parameter of its request is one
the view said it reads (`cache_query_params`): junk parameters make no new keys, they are served
rendered.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .cache import set_request_host
from .frontend_cache import mark_shareable
from .generation import current_generation

EXCLUDED_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/")
MAX_QUERY_LENGTH = 512


def declare_query_params(response, names):
    """Say which query parameters a response depends on: only requests with no others are kept."""
    response.cache_query_params = frozenset(names)
    return response


class CacheQueryParamsMixin:
    """For a page: the query parameters its views read (`cache_query_params`), declared on each response."""

    cache_query_params = ()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return declare_query_params(response, self.cache_query_params)


def query_pairs(request, names=None, ignore=()):
    """The request's query parameters as sorted (name, value) pairs, in any order one answer: only
    those in `names` when given (what a list or a kept count is a function of), none in `ignore`."""
    return sorted(
        (key, value)
        for key, values in request.GET.lists()
        if (names is None or key in names) and key not in ignore
        for value in values
    )


def _page_key(request):
    query = query_pairs(request)
    address = hashlib.sha256(repr((request.path, query)).encode()).hexdigest()
    return f"page:{current_generation()}:{request.get_host()}:{address}"


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        # A session means a signed-in reader, an editor, or an unlocked private page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _shareable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and "private" not in cache_control
        and "no-cache" not in cache_control
        and not getattr(response, "streaming", False)
        # A page with a form carries a CSRF token tied to one reader.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
    )


def _depends_only_on_known_params(request, response):
    known = getattr(response, "cache_query_params", frozenset())
    return all(name in known for name in request.GET)


class PageCacheMiddleware:
    """Serves anonymous readers from the shared cache, and tells a CDN in front which answers it may share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before anything is served from a cache: a host Django would refuse is refused here too.
        set_request_host(request.get_host())
        if not _cacheable_request(request):
            return self.get_response(request)
        key = None
        if settings.PAGE_CACHE_SECONDS > 0:
            key = _page_key(request)
            response = cache.get(key)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if _shareable_response(request, response) and _depends_only_on_known_params(request, response):
            mark_shareable(response)
            if key is not None:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                response["X-Page-Cache"] = "miss"
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

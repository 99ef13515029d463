"""A whole-response cache for anonymous readers, emptied whenever published content changes.

Rendering a page costs queries; serving it from the shared cache costs none. Any publish,
unpublish, move or delete (of a page or a registry entry) bumps a version number that is part
of every key, so the next reader gets a fresh render. The date is part of the key too, because
an offer leaves the site on the day after its "valid until" date without anyone publishing.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from cms.cache import forget, per_request
from registry.models import Company, Offer, Sector

from .frontend_cache import mark_shareable

VERSION_KEY = "page-cache:version"
CONTENT_SECONDS = 24 * 60 * 60  # how long `remember` keeps a value that no change has replaced
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/")


# What is computed from published content, under keys that name its generation: each app server
# keeps a copy in memory (cms/cache.py).
content_cache = caches["content"]


def _first_version():
    # Never a number used before: a cache that lost the version (a Redis restart) must not bring
    # back a generation whose values an app server still holds in memory.
    return time.time_ns() // 1000


def _read_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _first_version(), timeout=None)
        version = cache.get(VERSION_KEY) or _first_version()
    return version


def current_version():
    """The page cache's version: read from the shared cache once per request."""
    return per_request(VERSION_KEY, _read_version)


def current_generation():
    """The page cache's version and the date: what every kept render or value of published content
    is keyed under (offers expire at midnight without a publish)."""
    return f"{current_version()}:{timezone.localdate()}"


def content_key(name, identity, generation=None):
    """A cache key for something computed from published content, valid until that content changes:
    `identity` (anything with a stable repr) under `generation`, by default `current_generation()`."""
    if generation is None:
        generation = current_generation()
    return f"{name}:{generation}:{hashlib.sha256(repr(identity).encode()).hexdigest()}"


def remember(name, identity, compute, generation=None, timeout=CONTENT_SECONDS):
    """What `compute()` returns for published content, kept until that content changes. `identity`
    is whatever the value is a function of (for a queryset, `sql_identity(queryset)` will do, though
    compiling SQL can cost more than the query; a page's pk and query string are cheaper)."""
    key = content_key(name, identity, generation)
    value = content_cache.get(key)
    if value is None:
        value = compute()
        content_cache.set(key, value, timeout)
    return value


def sql_identity(queryset):
    return queryset.query.sql_with_params()


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _first_version(), timeout=None)
    forget(VERSION_KEY)


def invalidate(**kwargs):
    _bump()
    # Again once the change is committed: a request that read the new version while the publish
    # was still in its transaction rendered the old content, and must not stay cached under it.
    transaction.on_commit(_bump)


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(EXCLUDED_PREFIXES)
        # A session means a signed-in reader, an editor, or an unlocked private page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _cacheable_response(request, response):
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


class PageCacheMiddleware:
    """Serves anonymous readers from the shared cache, and tells a CDN in front which answers it may share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = None
        if settings.PAGE_CACHE_SECONDS > 0:
            key = f"page-cache:{current_generation()}:{request.get_full_path()}"
            response = cache.get(key)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            mark_shareable(response)
            if key is not None:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                response["X-Page-Cache"] = "miss"
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response


def connect_signals():
    for name, signal in (
        ("page-published", page_published),
        ("page-unpublished", page_unpublished),
        ("page-slug-changed", page_slug_changed),
        ("page-moved", post_page_move),
        ("snippet-published", published),
        ("snippet-unpublished", unpublished),
    ):
        signal.connect(invalidate, dispatch_uid=f"page-cache-{name}")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="page-cache-page-deleted")
    # A page that becomes private must stop being served from the cache at once.
    for model in (PageViewRestriction, Site):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model._meta.model_name}-saved")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model._meta.model_name}-deleted")
    for model in (Company, Offer):
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model._meta.model_name}-deleted")
    # Sectors have no publishing: a renamed sector shows at once in the lists and filters.
    post_save.connect(invalidate, sender=Sector, dispatch_uid="page-cache-sector-saved")
    post_delete.connect(invalidate, sender=Sector, dispatch_uid="page-cache-sector-deleted")

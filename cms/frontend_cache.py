"""Purge the CDN or caching proxy (Wagtail's front-end cache) wherever a change shows.

Wagtail purges a published or unpublished page's own URL. Readers also meet that page in the
listings above it (the news index, the home page), and snippets with pages of their own (registry
entries) Wagtail does not purge at all; this module purges those too. Nothing happens unless
WAGTAILFRONTENDCACHE names a backend (settings: FRONTEND_CACHE_PURGE_URL, CLOUDFLARE_ZONE_ID,
CLOUDFRONT_DISTRIBUTION_ID). Purges run as background tasks, after the transaction commits.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished


def _enabled():
    return bool(settings.WAGTAILFRONTENDCACHE)


def _locale_home(locale_id):
    return Page.objects.live().filter(depth=2, locale_id=locale_id).first()


def purge_page_listings(instance, **kwargs):
    if not _enabled():
        return
    batch = PurgeBatch()
    # The page itself is Wagtail's own purge; its ancestors below the root list or link to it.
    batch.add_pages(instance.get_ancestors().live().filter(depth__gte=2))
    # Its translations' language switchers link to it (or, while it is not live, to a page above it).
    batch.add_pages(instance.get_translations().live())
    batch.purge()


def purge_snippet_page(sender, instance, **kwargs):
    """A snippet shown on a page of its own (a registry entry, below its `index_page`): that page,
    the list on the index page and the home page of its language."""
    if not _enabled() or not hasattr(instance, "index_page"):
        return
    batch = PurgeBatch()
    index_page = instance.index_page
    if index_page is not None:
        batch.add_page(index_page)
        batch.add_url(instance.full_url)
    home = _locale_home(instance.locale_id)
    if home is not None:
        batch.add_page(home)
    batch.purge()


def mark_shareable(response):
    """Let shared caches keep a page that every anonymous reader gets the same (s-maxage only:
    browsers ask again, so a purge reaches readers at once)."""
    if settings.FRONTEND_CACHE_SECONDS > 0:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.FRONTEND_CACHE_SECONDS)


def register_signal_handlers():
    page_published.connect(purge_page_listings, dispatch_uid="frontend-cache-page-published")
    page_unpublished.connect(purge_page_listings, dispatch_uid="frontend-cache-page-unpublished")
    published.connect(purge_snippet_page, dispatch_uid="frontend-cache-snippet-published")
    unpublished.connect(purge_snippet_page, dispatch_uid="frontend-cache-snippet-unpublished")

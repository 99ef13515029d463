"""When published content last changed, for the Last-Modified header of API answers.

Every publish, unpublish, move or delete of content the API shows, every change to sectors,
images, documents, view restrictions and sites, moves the time forward. Offers expire at
midnight without anyone publishing, so the time is never earlier than today's start. Kept in the shared cache like the
page cache's version: if it is lost, "now" is assumed, which only costs clients a full answer.
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published, unpublished

from cms.cache import forget, per_request
from registry.models import Company, Offer, Sector

CHANGED_KEY = "api:content-changed-at"


def _mark_changed():
    cache.set(CHANGED_KEY, timezone.now(), timeout=None)
    forget(CHANGED_KEY)


def content_changed(**kwargs):
    _mark_changed()
    # Again once the change is committed: a request that read the new mark while the publish was
    # still in its transaction saw the old content, and must not be cached under the new mark.
    transaction.on_commit(_mark_changed)


def _read_changed_at():
    changed = cache.get(CHANGED_KEY)
    if changed is None:  # the cache lost the mark: from now on, everything counts as changed
        cache.add(CHANGED_KEY, timezone.now(), timeout=None)
        changed = cache.get(CHANGED_KEY) or timezone.now()
    return changed


def changed_at():
    """When published content last changed: read from the shared cache once per request."""
    return per_request(CHANGED_KEY, _read_changed_at)


def content_generation():
    """Changes with every change of published content (to the microsecond) and every new day."""
    return f"{changed_at().timestamp()}:{timezone.localdate().isoformat()}"


def last_modified():
    changed = changed_at()
    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return max(changed, start_of_today).replace(microsecond=0)


def connect_signals():
    for name, signal in (
        ("page-published", page_published),
        ("page-unpublished", page_unpublished),
        ("page-slug-changed", page_slug_changed),
        ("page-moved", post_page_move),
        ("snippet-published", published),
        ("snippet-unpublished", unpublished),
    ):
        signal.connect(content_changed, dispatch_uid=f"api-changed-{name}")
    for model in (Page, Company, Offer):
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"api-changed-delete-{model._meta.label}")
    # Saved or deleted: sectors, images and documents have no publishing; a page or a collection made
    # private (or public again) changes what the API may show at once; a site changes its URLs.
    unpublishable = (Sector, get_image_model(), get_document_model())
    for model in (*unpublishable, PageViewRestriction, CollectionViewRestriction, Site):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"api-changed-save-{model._meta.label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"api-changed-delete-{model._meta.label}")

"""The changes that readers see, as Wagtail signals them: each moves the content generation
forward (cms/generation.py), which refreshes pages, fragments, kept values and API answers alike.

Content apps add their own models' changes from their signal_handlers.py (registry: sectors and
deleted entries; comments: a comment approved or withdrawn). README, "Speed", lists them all.
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published, unpublished

from . import after_response, frontend_cache, moderation_mail
from .agency import AgencySettings
from .cache import close_request, open_request
from .generation import content_changed
from .locales import forget_locale_ids


def rendition_deleted(instance, **kwargs):
    # Wagtail deletes an image's renditions when its file or focal point changes; a new rendition
    # being made while a page renders changes nothing a reader has seen, so only deletions count.
    content_changed()


def connect_saved_or_deleted(model):
    uid = f"content-changed-{model._meta.label}"
    post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-saved")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-deleted")


def register_signal_handlers():
    request_started.connect(open_request, dispatch_uid="cms-open-request")
    request_finished.connect(close_request, dispatch_uid="cms-close-request")
    request_started.connect(after_response.open_request, dispatch_uid="cms-after-response-open")
    request_finished.connect(after_response.close_request, dispatch_uid="cms-after-response-close")

    for name, signal in (
        ("page-published", page_published),
        ("page-unpublished", page_unpublished),
        ("page-slug-changed", page_slug_changed),
        ("page-moved", post_page_move),
        ("snippet-published", published),
        ("snippet-unpublished", unpublished),
    ):
        signal.connect(content_changed, dispatch_uid=f"content-changed-{name}")

    image, document = get_image_model(), get_document_model()
    # Saved or deleted, these change what readers see at once: they have no publishing of their
    # own (a restriction, a site, an image's title or focal point, a document, a collection).
    for model in (PageViewRestriction, CollectionViewRestriction, Site, image, document, Collection):
        connect_saved_or_deleted(model)
    # The agency's name, logo, contacts and funding marks are on every page (cms/brand.py).
    connect_saved_or_deleted(AgencySettings)
    # Deleting a published page takes it off the site without an "unpublished" signal.
    post_delete.connect(content_changed, sender=Page, dispatch_uid="content-changed-page-deleted")
    post_delete.connect(
        rendition_deleted, sender=image.get_rendition_model(), dispatch_uid="content-changed-rendition-deleted"
    )

    for signal in (post_save, post_delete):
        signal.connect(forget_locale_ids, sender=Locale, dispatch_uid=f"locale-ids-{signal is post_save}")

    frontend_cache.register_signal_handlers()
    moderation_mail.register_signal_handlers()

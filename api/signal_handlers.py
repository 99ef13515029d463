"""Every change to what the API serves: logged for the changes feed (changes.py), announced by webhooks."""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, published, unpublished

from . import changes, webhooks
from .resources import DOCUMENTS, IMAGES, SECTORS


def changed(instance, event):
    resource = changes.resource_of(type(instance))
    action = changes.record_with_dependents(instance, None if event == "published" else event)
    if event == "published" and action not in changes.PUBLIC:
        if action is None:
            return  # published, but private and never seen: nothing a receiver may know of
        event = "unpublished"  # published, but private: readers no longer see it
    if resource in (IMAGES, DOCUMENTS) and action is None:
        return  # a document readers never saw (in a private collection) is nobody's business
    webhooks.announce(resource, instance, event)


def on_published(sender, instance, **kwargs):
    changed(instance, "published")


def on_unpublished(sender, instance, **kwargs):
    changed(instance, "unpublished")


def on_deleted(sender, instance, **kwargs):
    changed(instance, "deleted")


def on_saved(sender, instance, raw=False, **kwargs):
    # Sectors, images and documents have no drafts: saving one publishes it.
    if not raw:
        changed(instance, "published")


def on_page_restriction(sender, instance, raw=False, **kwargs):
    if not raw:
        changes.record_private(instance.page)


def on_collection_restriction(sender, instance, raw=False, **kwargs):
    if raw:
        return
    collections = instance.collection.get_descendants(inclusive=True)
    for document in DOCUMENTS.model.objects.filter(collection__in=collections):
        changes.record(document)


def register_signal_handlers():
    for resource in changes.RESOURCES:
        model = resource.model
        uid = f"api-changes-{model._meta.label_lower}"
        pre_delete.connect(on_deleted, sender=model, dispatch_uid=f"{uid}-deleted")
        if resource in (SECTORS, IMAGES, DOCUMENTS):
            post_save.connect(on_saved, sender=model, dispatch_uid=f"{uid}-saved")
            continue
        is_page = issubclass(model, Page)
        (page_published if is_page else published).connect(on_published, sender=model, dispatch_uid=f"{uid}-published")
        (page_unpublished if is_page else unpublished).connect(
            on_unpublished, sender=model, dispatch_uid=f"{uid}-unpublished"
        )
    for signal in (post_save, post_delete):
        signal.connect(on_page_restriction, sender=PageViewRestriction, dispatch_uid=f"api-changes-page-{signal}")
        signal.connect(
            on_collection_restriction, sender=CollectionViewRestriction, dispatch_uid=f"api-changes-coll-{signal}"
        )

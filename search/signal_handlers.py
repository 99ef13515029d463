"""Index what was just published once more, after its many-to-many relations are written.

Wagtail indexes a page or snippet when it is saved, but a ClusterableModel writes its
ParentalManyToManyFields (sectors) and child relations (tags) only after that save, so the first
pass indexes the relations as they were before. Publishing ends with everything written.
"""

from wagtail.search import index
from wagtail.signals import page_published, published

from registry.models import Company


def reindex(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def reindex_offers_of_company(sender, instance, **kwargs):
    # An offer is found by its company's name and city too (Offer.search_text): a renamed or moved
    # company must take its offers' index entries along.
    for offer in instance.offers.all():
        index.insert_or_update_object(offer)


def register_signal_handlers():
    page_published.connect(reindex, dispatch_uid="search-reindex-published-page")
    published.connect(reindex, dispatch_uid="search-reindex-published-snippet")
    published.connect(reindex_offers_of_company, sender=Company, dispatch_uid="search-reindex-company-offers")

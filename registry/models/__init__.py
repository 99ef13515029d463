"""The registry: companies, their cooperation offers and services, and the shared sector taxonomy."""

from .companies import Company, CompanyQuerySet
from .entries import POLISH_LETTERS, PublishableSnippet
from .offers import Offer, OfferQuerySet
from .sectors import Sector

# isort: split
# Last: the database pages import the registry's filters, which import the models above.
from .pages import (
    COMPANY_LOGO,
    CompanyIndexPage,
    OfferIndexPage,
    RegistryIndexPage,
    attach_index_pages,
    attach_localized_sectors,
    attach_sitemap_entries,
)

__all__ = [
    "COMPANY_LOGO",
    "POLISH_LETTERS",
    "Company",
    "CompanyIndexPage",
    "CompanyQuerySet",
    "Offer",
    "OfferIndexPage",
    "OfferQuerySet",
    "PublishableSnippet",
    "RegistryIndexPage",
    "Sector",
    "attach_index_pages",
    "attach_localized_sectors",
    "attach_sitemap_entries",
]

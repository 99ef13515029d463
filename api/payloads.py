"""Turning content into JSON-ready values: rich text, StreamField blocks, images, URLs, translations.

Everything that needs the database for a whole list (translations, localized sectors, published
companies and clusters, index pages for URLs) is fetched once per response by `Lookups`, so the
number of queries does not depend on how many items a list shows.
"""

import logging
from collections import defaultdict

from django.db.models import Prefetch
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from clusters.models import ClusterPage
from cms.documents import is_public_document
from cms.routing import PAGE_LINK_FIELDS
from registry.models import Company, CompanyIndexPage, OfferIndexPage, Sector
from registry.voivodeships import Voivodeship

from .addresses import absolute, base_url, chosen_renditions
from .bodies import embed_html, page_path, rich_text

logger = logging.getLogger(__name__)

# Named sizes of every image; a downstream site picks one without knowing Wagtail's filter specs.
RENDITIONS = {"thumbnail": "fill-300x200", "medium": "max-800x600", "large": "max-1600x1200"}


def api_url(name, pk):
    """The absolute address of an item in the API, e.g. https://…/api/articles/5/."""
    return base_url() + reverse(f"api:{name}-detail", args=[pk])


def labelled(choices, code):
    """A coded value with its label in the active language (the item's), e.g. a voivodeship."""
    return {"code": code, "label": str(choices(code).label)}


def with_renditions(queryset):
    """Images with the renditions of every named size and those the client chose, fetched in one query."""
    return queryset.prefetch_renditions(*RENDITIONS.values(), *chosen_renditions())


def image_queryset():
    return with_renditions(get_image_model().objects.all())


def prefetch_image(field):
    return Prefetch(field, queryset=image_queryset())


def renditions(img):
    """The image in every named size, or None when its file is gone (as Wagtail's {% image %} copes)."""
    made = _made(img, *RENDITIONS.values())
    return None if made is None else {name: _rendition(made[spec]) for name, spec in RENDITIONS.items()}


def chosen(img):
    """The image in the renditions the client chose (`?renditions=`), in its order."""
    specs = chosen_renditions()
    made = _made(img, *specs) if specs else {}
    return [] if made is None else [{"spec": spec, **_rendition(made[spec])} for spec in specs]


def _made(img, *specs):
    try:
        return img.get_renditions(*specs)
    except SourceImageIOError:
        logger.warning("Image %s has no file; its renditions are left out of the API answer", img.pk)
        return None


def _rendition(made):
    return {"url": absolute(made.url), "width": made.width, "height": made.height}


def image_alt(img):
    """The alt text of this use of the image (a body image block, an article's header image), "" when
    it is decorative; an image on its own has the image's default."""
    if img.decorative:
        return ""
    return img.contextual_alt_text or img.default_alt_text


def image_details(img):
    return {
        "id": img.pk,
        "title": img.title,
        "alt": image_alt(img),
        "url": absolute(img.file.url),
        # Relative while the site serves its media; S3 and other storages give a full address only.
        "path": img.file.url if img.file.url.startswith("/") else None,
        "width": img.width,
        "height": img.height,
        "focal_point": {
            "x": img.focal_point_x,
            "y": img.focal_point_y,
            "width": img.focal_point_width,
            "height": img.focal_point_height,
        }
        if img.has_focal_point()
        else None,
        "api_url": api_url("images", img.pk),
    }


def image(img):
    """An image embedded in an item: left out (None) when missing or when its file is gone."""
    sizes = renditions(img) if img is not None else None
    return None if sizes is None else {**image_details(img), "renditions": sizes, "chosen_renditions": chosen(img)}


def document_url(doc):
    # Served through the site (which checks collection privacy) unless storage gives a full address.
    return absolute(doc.url)


def document(doc):
    if not is_public_document(doc):
        return None
    return {"id": doc.pk, "title": doc.title, "url": document_url(doc), "api_url": api_url("documents", doc.pk)}


def _block_value(block):
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return rich_text(value.source)
    if kind == "heading":
        return {"text": value["text"], "level": value["level"]}
    if kind == "quote":
        return {"text": value["text"], "source": value["source"]}
    if kind == "image":
        return {"image": image(value["image"]), "caption": value["caption"], "attribution": value["attribution"]}
    if kind == "embed":
        return {"url": value.url, "html": embed_html(value.url)} if value else {"url": "", "html": None}
    if kind == "document":
        doc = value["document"]
        if not is_public_document(doc):
            # As on the site: the editor's words without the link, never the private document's title.
            return {"title": value["title"], "url": None, "document": None}
        return {"title": value["title"] or doc.title, "url": document_url(doc), "document": document(doc)}
    raise ValueError(f"No API representation for {kind!r} blocks")


def stream_blocks(stream):
    return [{"type": block.block_type, "id": block.id or "", "value": _block_value(block)} for block in stream]


def _by_translation(objects):
    found = {}
    for obj in objects:
        found.setdefault((obj.translation_key, obj.locale_id), obj)
    return found


class Lookups:
    """Everything a page of items needs from the database besides the items, fetched in a few queries."""

    def __init__(self, request):
        self.request = request
        self._company_index = None
        self._offer_index = None
        self._translations = {}
        self._sectors = {}
        self._companies = {}
        self._clusters = {}

    # Addresses of registry entries: one query for the index pages of every language.

    def company_index_pages(self):
        if self._company_index is None:
            pages = CompanyIndexPage.objects.live().select_related("locale").order_by("path")
            self._company_index = {}
            for page in pages:
                self._company_index.setdefault(page.locale_id, page)
        return self._company_index

    def offer_index_pages(self):
        if self._offer_index is None:
            pages = OfferIndexPage.objects.live().select_related("locale").order_by("path")
            self._offer_index = {}
            for page in pages:
                self._offer_index.setdefault((page.locale_id, page.listing), page)
        return self._offer_index

    def prime_index_page(self, entry):
        """Set the entry's index page (a cached property of registry entries) without a query each."""
        if isinstance(entry, Company):
            entry.index_page = self.company_index_pages().get(entry.locale_id)
        else:
            listing = OfferIndexPage.Listing.SERVICES if entry.is_service else OfferIndexPage.Listing.OFFERS
            entry.index_page = self.offer_index_pages().get((entry.locale_id, listing))
        return entry

    def html_path(self, obj):
        """The item's page on the site, relative to the base URL; None when it has none."""
        if isinstance(obj, Page):
            return page_path(obj, self.request)
        index_page = self.prime_index_page(obj).index_page
        path = page_path(index_page, self.request) if index_page else None
        return path + index_page.reverse_subpage("detail", args=[obj.slug]) if path else None

    def html_url(self, obj):
        return absolute(self.html_path(obj))

    # Translations: one query for every translation key of the page of items.

    def load_translations(self, name, published, objects):
        keys = {obj.translation_key for obj in objects}
        grouped = defaultdict(list)
        if keys:
            translations = published.filter(translation_key__in=keys).select_related("locale")
            if issubclass(translations.model, Page):
                # A translation is only linked: what its URL needs, not its content (an article's
                # body among it), which would cost more to read than everything else in a list.
                translations = translations.only(*PAGE_LINK_FIELDS)
            for translation in translations.order_by("locale__language_code"):
                grouped[translation.translation_key].append(translation)
        self._translations[name] = grouped

    def translations(self, name, obj, with_url=True):
        return [
            {
                "locale": other.locale.language_code,
                "id": other.pk,
                "url": self.html_url(other) if with_url else None,
                "api_url": api_url(name, other.pk),
            }
            for other in self._translations[name].get(obj.translation_key, [])
            if other.pk != obj.pk
        ]

    # Sectors in each item's own language, whichever language's sector an editor picked.

    def load_sectors(self, objects):
        keys = {sector.translation_key for obj in objects for sector in obj.sectors.all()}
        self._sectors = _by_translation(Sector.objects.filter(translation_key__in=keys)) if keys else {}

    def sectors(self, obj):
        shown = (self._sectors.get((s.translation_key, obj.locale_id), s) for s in obj.sectors.all())
        return [
            {"id": s.pk, "name": s.name, "slug": s.slug, "api_url": api_url("sectors", s.pk)}
            for s in sorted(shown, key=lambda s: s.name)
        ]

    # Companies named by clusters: only published ones, in the cluster's language where translated.

    def load_companies(self, companies):
        keys = {company.translation_key for company in companies}
        published = Company.objects.published().filter(translation_key__in=keys) if keys else []
        self._companies = _by_translation(published)

    def company(self, company, locale_id=None):
        """A company as another item names it, or None when it is not published: a draft or an
        unpublished company is never named, as on the site.

        The published translation in `locale_id` (the naming item's language) is preferred.
        """
        key = company.translation_key
        shown = self._companies.get((key, locale_id)) or self._companies.get((key, company.locale_id))
        return None if shown is None else self.linked_company(shown)

    def linked_company(self, company):
        """A company known to be published (an offer's, by the offer's definition of public)."""
        return {
            "id": company.pk,
            "name": company.name,
            "city": company.city,
            "voivodeship": labelled(Voivodeship, company.voivodeship),
            "url": self.html_url(company),
            "api_url": api_url("companies", company.pk),
        }

    # Clusters named by articles: only published ones, in the article's language where translated.

    def load_clusters(self, clusters):
        keys = {cluster.translation_key for cluster in clusters}
        published = ClusterPage.objects.published().filter(translation_key__in=keys).select_related("locale")
        # Named and linked, not shown: the columns of cluster() and of a page's URL.
        published = published.only(*PAGE_LINK_FIELDS, "short_name")
        self._clusters = _by_translation(published) if keys else {}

    def cluster(self, cluster, locale_id):
        shown = self._clusters.get((cluster.translation_key, locale_id)) or self._clusters.get(
            (cluster.translation_key, cluster.locale_id)
        )
        if shown is None:
            return None
        return {
            "id": shown.pk,
            "title": shown.title,
            "short_name": shown.short_name,
            "url": self.html_url(shown),
            "api_url": api_url("clusters", shown.pk),
        }

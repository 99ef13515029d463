"""The database pages that list the registry's entries and serve each at <slug>/, and their helpers."""

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.images import with_renditions
from cms.page_cache import CacheQueryParamsMixin
from cms.pages import PortalPageMixin
from cms.pagination import CountingPaginator, list_identity
from cms.params import page_number
from cms.site_frame import frame_section_page
from registry.filters import CompanyFilterSet, OfferFilterSet

from .companies import Company
from .offers import Offer
from .sectors import Sector

COMPANY_LOGO = "max-{600x300,300x150}|format-webp"  # the `{% srcset_image %}` pattern company_detail.html shows


def attach_index_pages(entries, request):
    """Give each entry its `index_page` from the site frame where it has it, so that its URL costs no query."""
    for entry in entries:
        model_label, listing = entry.index_section()
        page = frame_section_page(request, model_label, entry.locale_id, listing)
        if page is not None:
            entry.index_page = page  # primes the cached_property
    return entries


def attach_localized_sectors(entries, locale):
    """Give each entry (company, offer or cluster) `localized_sectors`: the names of its sectors in the
    reader's language, as entered where a sector has no translation; one query for all the entries."""
    stored, edited = [], []
    for entry in entries:
        entry.localized_sectors = []
        # A preview holds the sectors being edited in memory, not in the database.
        (stored if isinstance(entry.sectors.all(), models.QuerySet) else edited).append(entry)
    if stored:
        model = type(stored[0])
        through = model._meta.get_field("sectors").remote_field.through
        owner = next(field.attname for field in through._meta.fields if field.related_model is model)
        in_language = Sector.objects.filter(locale=locale, translation_key=OuterRef("sector__translation_key"))
        rows = (
            through.objects.filter(**{f"{owner}__in": [entry.pk for entry in stored]})
            .annotate(shown=Coalesce(Subquery(in_language.values("name")[:1]), F("sector__name")))
            .order_by("sector__name", "pk")
            .values_list(owner, "shown")
        )
        by_pk = {entry.pk: entry for entry in stored}
        for pk, name in rows:
            by_pk[pk].localized_sectors.append(name)
    if edited:
        names = {sector.translation_key: sector.name for sector in Sector.objects.filter(locale=locale)}
        for entry in edited:
            entry.localized_sectors = [names.get(sector.translation_key, sector.name) for sector in entry.sectors.all()]
    return entries


def attach_sitemap_entries(index_pages):
    """Give each database page `sitemap_entries`: (slug, translation_key, last published) of each entry
    it lists; one query for all the pages, of either kind."""
    lists = [
        page.entries()
        .order_by()
        .annotate(index_page=Value(page.pk))
        .values_list("index_page", "slug", "translation_key", "last_published_at")
        for page in index_pages
    ]
    by_page = {page.pk: [] for page in index_pages}
    for page_pk, *entry in lists[0].union(*lists[1:], all=True) if lists else []:
        by_page[page_pk].append(tuple(entry))
    for page in index_pages:
        page.sitemap_entries = by_page[page.pk]


class RegistryIndexPage(CacheQueryParamsMixin, RoutablePageMixin, PortalPageMixin, Page):
    """A database page of the portal: lists published entries, filtered, and serves each at <slug>/."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    paginate_by = 20
    list_fields = ("id",)  # the columns the list template shows, besides the sectors

    class Meta:
        abstract = True

    def entries(self):
        """The published entries of this database in the page's language."""
        raise NotImplementedError

    def filterset(self, request):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.filterset(request)
        # A list shows a few columns of each entry; descriptions and contact details stay unread.
        shown = filters.qs.only(*self.list_fields)
        paginator = CountingPaginator(shown, self.paginate_by, list_identity(self, request))
        entries = paginator.get_page(page_number(request))
        attach_localized_sectors(entries.object_list, self.locale_id)
        context.update(filters=filters, entries=entries)
        return context

    @classmethod
    def prepare_sitemap(cls, pages):
        """The sitemap reads the entries of every database page, of either kind, with one query."""
        attach_sitemap_entries(pages)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not hasattr(self, "sitemap_entries"):
            attach_sitemap_entries([self])
        for slug, translation_key, lastmod in self.sitemap_entries:
            urls.append(
                {
                    "location": base + self.reverse_subpage("detail", args=[slug]),
                    "lastmod": lastmod,
                    # Lets the sitemap link each entry to its translations (hreflang).
                    "translation_key": translation_key,
                    "lang_code": self.locale.language_code,
                }
            )
        return urls

    def detail_entries(self):
        """The published entries of this database's model in every language, with what their page shows."""
        raise NotImplementedError

    def find_entry(self, request, slug):
        """The published entry at <slug>/, or None; one query reads it with its published translations
        (`published_translations`, for the language switcher)."""
        key = self.entries().filter(slug=slug).values("translation_key")
        found = list(self.detail_entries().filter(translation_key__in=key).select_related("locale"))
        entry = next((item for item in found if item.locale_id == self.locale_id and item.slug == slug), None)
        if entry is not None:
            attach_index_pages(found, request)
            entry.index_page = self  # primes the cached_property: the entry's URLs cost no query
            entry.published_translations = found
        return entry

    def detail_context(self, request, entry):
        attach_localized_sectors([entry], self.locale_id)
        return {"page": self, "self": self, self.entry_name: entry, "request": request}

    @path("<slug:slug>/", name="detail")
    def detail(self, request, slug):
        entry = self.find_entry(request, slug)
        if entry is None:
            raise Http404
        return TemplateResponse(request, self.detail_template, self.detail_context(request, entry))


class CompanyIndexPage(RegistryIndexPage):
    """The companies database (Baza przedsiębiorstw)."""

    entry_name = "company"
    detail_template = "registry/company_detail.html"
    list_fields = ("translation_key", "locale", "slug", "name", "city", "voivodeship", "size")
    cache_query_params = (*CompanyFilterSet.base_filters, "page")

    class Meta:
        verbose_name = _("companies database")

    def entries(self):
        return Company.objects.published(self.locale_id).order_by("name")

    def detail_entries(self):
        return with_renditions(Company.objects.published(), "logo", COMPANY_LOGO)

    def filterset(self, request):
        return CompanyFilterSet(request.GET or None, self.entries(), locale=self.locale_id)

    def detail_context(self, request, company):
        context = super().detail_context(request, company)
        # Clusters build on the registry (their members are companies): named, not imported.
        context["clusters"] = (
            apps.get_model("clusters", "ClusterPage")
            .objects.published(self.locale_id)
            .filter(members__company__translation_key=company.translation_key)
            .distinct()
            .order_by("title")
        )
        offers = Offer.objects.published(self.locale_id).filter(company=company).order_by("title")
        context["offers"] = attach_index_pages(offers, request)
        return context


class OfferIndexPage(RegistryIndexPage):
    """The offers database (Baza ofert) or the services database (Baza usług)."""

    class Listing(models.TextChoices):
        OFFERS = "offers", _("offers and requests (everything but services)")
        SERVICES = "services", _("services")

    listing = models.CharField(_("shows"), max_length=10, choices=Listing.choices, default=Listing.OFFERS)

    content_panels = RegistryIndexPage.content_panels + [FieldPanel("listing")]
    entry_name = "offer"
    detail_template = "registry/offer_detail.html"
    list_fields = (
        *("translation_key", "locale", "slug", "title", "kind", "summary", "valid_until"),
        *("company", "company__name", "company__voivodeship"),
    )
    cache_query_params = (*OfferFilterSet.base_filters, "page")

    class Meta:
        verbose_name = _("offers database")

    def entries(self):
        offers = Offer.objects.published(self.locale_id).select_related("company").order_by("-pk")
        if self.listing == self.Listing.SERVICES:
            return offers.services()
        return offers.cooperation()

    def detail_entries(self):
        return Offer.objects.published().select_related("company")

    def detail_context(self, request, offer):
        context = super().detail_context(request, offer)
        attach_index_pages([offer.company], request)
        return context

    def filterset(self, request):
        return OfferFilterSet(
            request.GET or None,
            self.entries(),
            locale=self.locale_id,
            services=self.listing == self.Listing.SERVICES,
        )

"""The registry: companies, their cooperation offers and services, and the shared sector taxonomy."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtail_localize.fields import SynchronizedField

from cms.cache import forget, per_request
from home.images import with_renditions
from home.pagination import CountingPaginator, list_identity
from home.privacy import KnownRestrictionsMixin
from search.index import ReadersPrefixes, ReadersText, ReadersTitle, entry_join_index, text_of

from .fields import MultipleChoiceField
from .validators import (
    digits_only,
    split_pkd_codes,
    validate_krs,
    validate_nip,
    validate_pkd_codes,
    validate_postal_code,
    validate_regon,
)
from .voivodeships import Voivodeship

POLISH_LETTERS = str.maketrans("łŁ", "lL")
COMPANY_LOGO = "max-300x150"  # the size company_detail.html shows


LOCALE_IDS_KEY = "locale-ids"


def _read_locale_ids():
    ids = cache.get(LOCALE_IDS_KEY)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(LOCALE_IDS_KEY, ids, None)
    return ids


def locale_ids():
    """{language code: locale id}, from the shared cache once per request; emptied whenever a locale
    is saved or deleted."""
    return per_request(LOCALE_IDS_KEY, _read_locale_ids)


@receiver([post_save, post_delete], sender=Locale, dispatch_uid="registry-locale-ids")
def _forget_locale_ids(**kwargs):
    cache.delete(LOCALE_IDS_KEY)
    forget(LOCALE_IDS_KEY)


def in_locale(queryset, locale):
    """Narrow a translatable queryset to one locale (a Locale, its id, a language code or None for all)."""
    if locale is None:
        return queryset
    if isinstance(locale, str):
        # By id, not through a join on the language code: PostgreSQL then knows that English has a
        # handful of articles where Polish has thousands, and plans each list accordingly.
        return queryset.filter(locale=locale_ids().get(locale, 0))
    return queryset.filter(locale=locale)


class Sector(TranslatableMixin, models.Model):
    """An economic sector, shared by clusters, companies and offers."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_sector_slug_per_locale")]

    def __str__(self):
        return self.name


class PublishableSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Moderated, translatable registry entries with a readable slug and a page of their own."""

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        # slugify() drops letters without an ASCII decomposition, so "Usługi" would become "usugi".
        base = slugify(str(self).translate(POLISH_LETTERS))[:80] or self._meta.model_name
        slug, n = base, 1
        siblings = type(self).objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        while siblings.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def get_preview_template(self, request, mode_name):
        return f"registry/{self._meta.model_name}_detail.html"

    def get_preview_context(self, request, mode_name):
        return {self._meta.model_name: self, "page": self.index_page}

    def get_url(self, request=None):
        index_page = self.index_page
        if index_page is None:
            return None
        return index_page.get_url(request) + index_page.reverse_subpage("detail", args=[self.slug])

    @property
    def url(self):
        return self.get_url()

    @property
    def full_url(self):
        index_page = self.index_page
        if index_page is None:
            return None
        return index_page.full_url + index_page.reverse_subpage("detail", args=[self.slug])


class CompanyQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self, locale=None):
        """The one definition of a company a reader may see: live, optionally in one locale."""
        return in_locale(self.filter(live=True), locale)


class Company(PublishableSnippet):
    class LegalForm(models.TextChoices):
        SOLE_TRADER = "jdg", _("sole proprietorship")
        CIVIL_PARTNERSHIP = "sc", _("civil law partnership (s.c.)")
        GENERAL_PARTNERSHIP = "sj", _("general partnership (sp.j.)")
        LIMITED_PARTNERSHIP = "spk", _("limited partnership (sp.k.)")
        LIMITED_LIABILITY = "spzoo", _("limited liability company (sp. z o.o.)")
        JOINT_STOCK = "sa", _("joint-stock company (S.A.)")
        SIMPLE_JOINT_STOCK = "psa", _("simple joint-stock company (P.S.A.)")
        COOPERATIVE = "coop", _("cooperative")
        FOUNDATION = "foundation", _("foundation")
        ASSOCIATION = "association", _("association")
        UNIVERSITY = "university", _("university")
        RESEARCH_INSTITUTE = "institute", _("research institute")
        PUBLIC_BODY = "public", _("public body")

    class Size(models.TextChoices):
        MICRO = "micro", _("micro (under 10 employees)")
        SMALL = "small", _("small (10–49 employees)")
        MEDIUM = "medium", _("medium (50–249 employees)")
        LARGE = "large", _("large (250 employees or more)")

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_("The company's web address; made from the name if left empty."),
    )
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    nip = models.CharField(
        _("NIP"), max_length=13, validators=[validate_nip], help_text=_("Tax identification number, 10 digits.")
    )
    regon = models.CharField(
        _("REGON"), max_length=17, validators=[validate_regon], help_text=_("Statistical number, 9 or 14 digits.")
    )
    krs = models.CharField(
        _("KRS"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("National Court Register number, 10 digits; leave empty if not registered."),
    )
    pkd_codes = models.CharField(
        _("PKD codes"),
        max_length=255,
        blank=True,
        validators=[validate_pkd_codes],
        help_text=_("Activity classification codes separated by commas, for example 62.01.Z, 72.19.Z."),
    )
    street = models.CharField(_("street and number"), max_length=255)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    city = models.CharField(_("city"), max_length=120)
    voivodeship = models.CharField(_("voivodeship"), max_length=32, choices=Voivodeship.choices)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_public = models.BooleanField(
        _("show contact details publicly"),
        default=True,
        help_text=_("When off, the e-mail address and phone number are never shown on the site or in the API."),
    )
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="companies")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CompanyQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("legal_form"), FieldPanel("size")], _("Company")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nip"), FieldPanel("regon"), FieldPanel("krs")]),
                FieldPanel("pkd_codes"),
            ],
            _("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("voivodeship"),
            ],
            _("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("contact_public")],
            _("Contact"),
        ),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("city", boost=2),
        index.SearchField("pkd_codes"),
        index.SearchField("nip"),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("locale"),
        index.FilterField("voivodeship"),
        index.FilterField("size"),
        ReadersTitle(),
        ReadersText("search_text"),
        ReadersPrefixes(),
    ]

    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("legal_form"),
        APIField("nip"),
        APIField("regon"),
        APIField("krs"),
        APIField("pkd_code_list"),
        APIField("street"),
        APIField("postal_code"),
        APIField("city"),
        APIField("voivodeship"),
        APIField("size"),
        APIField("website"),
        APIField("public_email"),
        APIField("public_phone"),
        APIField("description"),
        APIField("sectors"),
    ]

    override_translatable_fields = [
        SynchronizedField(name)
        for name in ("nip", "regon", "krs", "pkd_codes", "street", "postal_code", "phone", "logo")
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_company_slug_per_locale"),
        ]
        # The list shows a language's companies by name: read in index order, filtered on the way.
        indexes = [
            models.Index(fields=["locale", "name"], name="registry_company_list_idx"),
            entry_join_index("registry_company_search_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # Stored without separators so that one company cannot be entered twice in two spellings.
        self.nip = digits_only(self.nip)
        self.regon = digits_only(self.regon)
        self.krs = digits_only(self.krs)
        self.pkd_codes = ", ".join(split_pkd_codes(self.pkd_codes))

    @cached_property
    def index_page(self):
        return CompanyIndexPage.objects.live().filter(locale_id=self.locale_id).first()

    def index_section(self):
        """The site frame's (model label, listing) of the database page this entry is shown on."""
        return "registry.CompanyIndexPage", None

    @property
    def title(self):
        """The name, under the field name that search results and the search index share with pages and offers."""
        return self.name

    @property
    def search_text(self):
        """What readers' searches match besides the name."""
        sectors = [sector.name for sector in self.sectors.all()]
        voivodeship = Voivodeship(self.voivodeship).label
        return text_of(self, self.city, voivodeship, self.description, sectors, self.pkd_codes)

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail prefetches no ParentalManyToManyField for the index, yet every item's sectors are read.
        return super().get_indexed_objects().prefetch_related("sectors")

    @property
    def pkd_code_list(self):
        return split_pkd_codes(self.pkd_codes)

    @property
    def public_email(self):
        return self.email if self.contact_public else ""

    @property
    def public_phone(self):
        return self.phone if self.contact_public else ""


class OfferQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self, locale=None, today=None):
        """The one definition of an offer a reader may see: live, of a live company, not expired."""
        today = today or timezone.localdate()
        return in_locale(
            self.filter(live=True, company__live=True).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)),
            locale,
        )

    def services(self):
        return self.filter(kind=Offer.Kind.SERVICE)

    def cooperation(self):
        return self.exclude(kind=Offer.Kind.SERVICE)


class Offer(PublishableSnippet):
    class Kind(models.TextChoices):
        BUSINESS_OFFER = "business_offer", _("business offer")
        BUSINESS_REQUEST = "business_request", _("business request")
        TECHNOLOGY_OFFER = "technology_offer", _("technology offer")
        TECHNOLOGY_REQUEST = "technology_request", _("technology request")
        RD_REQUEST = "rd_request", _("R&D request")
        SERVICE = "service", _("service")

    class CooperationType(models.TextChoices):
        COMMERCIAL = "commercial", _("commercial agreement")
        DISTRIBUTION = "distribution", _("distribution services")
        SUBCONTRACTING = "subcontracting", _("subcontracting")
        OUTSOURCING = "outsourcing", _("outsourcing")
        MANUFACTURING = "manufacturing", _("manufacturing agreement")
        LICENCE = "licence", _("licence agreement")
        TECHNICAL = "technical", _("technical cooperation")
        RESEARCH = "research", _("research cooperation")
        JOINT_VENTURE = "joint_venture", _("joint venture")
        FINANCIAL = "financial", _("financial agreement")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_("The offer's web address; made from the title if left empty."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=Kind.choices,
        help_text=_("Services appear in the services database, every other kind in the offers database."),
    )
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="offers")
    summary = models.TextField(_("summary"), max_length=500, help_text=_("Two or three sentences shown in lists."))
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="offers")
    cooperation_types = MultipleChoiceField(_("cooperation types sought"), choices=CooperationType.choices, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("After this day the offer disappears from the site.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OfferQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("valid_until")]),
        FieldPanel("company"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cooperation_types"),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.RelatedFields(
            "company", [index.SearchField("name"), index.SearchField("city"), index.FilterField("live")]
        ),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("locale"),
        index.FilterField("kind"),
        index.FilterField("valid_until"),
        index.FilterField("company"),
        ReadersTitle(),
        ReadersText("search_text"),
        ReadersPrefixes(),
    ]

    api_fields = [
        APIField("title"),
        APIField("slug"),
        APIField("kind"),
        APIField("summary"),
        APIField("description"),
        APIField("company"),
        APIField("sectors"),
        APIField("cooperation_types"),
        APIField("valid_until"),
    ]

    override_translatable_fields = [SynchronizedField("cooperation_types"), SynchronizedField("valid_until")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-valid_until", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_offer_slug_per_locale"),
        ]
        indexes = [entry_join_index("registry_offer_search_idx")]

    def __str__(self):
        return self.title

    @property
    def is_service(self):
        return self.kind == self.Kind.SERVICE

    @property
    def search_text(self):
        """What readers' searches match besides the title: also the company, its city and the kind of offer."""
        sectors = [sector.name for sector in self.sectors.all()]
        return text_of(
            self,
            self.Kind(self.kind).label,
            self.summary,
            self.description,
            self.company.name,
            self.company.city,
            sectors,
        )

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail prefetches no ParentalManyToManyField for the index, yet every item's sectors are read.
        return super().get_indexed_objects().prefetch_related("sectors")

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @cached_property
    def index_page(self):
        return OfferIndexPage.objects.live().filter(locale_id=self.locale_id, listing=self.index_section()[1]).first()

    def index_section(self):
        """The site frame's (model label, listing) of the database page this entry is shown on."""
        listing = OfferIndexPage.Listing.SERVICES if self.is_service else OfferIndexPage.Listing.OFFERS
        return "registry.OfferIndexPage", listing


def attach_index_pages(entries, request):
    """Give each entry its `index_page` from the site frame where it has it, so that its URL costs no query."""
    from home.site_frame import frame_section_page  # the site frame imports these models

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


class RegistryIndexPage(RoutablePageMixin, KnownRestrictionsMixin, Page):
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
        entries = paginator.get_page(request.GET.get("page"))
        attach_localized_sectors(entries.object_list, self.locale_id)
        context.update(filters=filters, entries=entries)
        return context

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

    class Meta:
        verbose_name = _("companies database")

    def entries(self):
        return Company.objects.published(self.locale_id).order_by("name")

    def detail_entries(self):
        return with_renditions(Company.objects.published(), "logo", COMPANY_LOGO)

    def filterset(self, request):
        from .filters import CompanyFilterSet  # imported here: filters import these models

        return CompanyFilterSet(request.GET or None, self.entries(), locale=self.locale_id)

    def detail_context(self, request, company):
        from clusters.models import ClusterPage  # clusters import the registry

        context = super().detail_context(request, company)
        context["clusters"] = (
            ClusterPage.objects.published(self.locale_id)
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
        from .filters import OfferFilterSet  # imported here: filters import these models

        return OfferFilterSet(
            request.GET or None,
            self.entries(),
            locale=self.locale_id,
            services=self.listing == self.Listing.SERVICES,
        )

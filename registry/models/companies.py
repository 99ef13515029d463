"""Companies: the entries of the companies database."""

from django import forms
from django.apps import apps
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtail_localize.fields import SynchronizedField

from cms.fields import WebAddressField
from cms.locales import in_locale
from cms.search_fields import ReadersPrefixes, ReadersText, ReadersTitle, entry_join_index, text_of
from cms.seo import plain
from cms.validators import is_web_url, validate_multiline, validate_single_line

from ..validators import (
    digits_only,
    split_pkd_codes,
    validate_krs,
    validate_nip,
    validate_pkd_codes,
    validate_postal_code,
    validate_regon,
)
from ..voivodeships import Voivodeship
from .entries import PublishableSnippet
from .sectors import Sector


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

    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
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
    street = models.CharField(_("street and number"), max_length=255, validators=[validate_single_line])
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    city = models.CharField(_("city"), max_length=120, validators=[validate_single_line])
    voivodeship = models.CharField(_("voivodeship"), max_length=32, choices=Voivodeship.choices)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    website = WebAddressField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_single_line])
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_single_line])
    contact_public = models.BooleanField(
        _("show contact details publicly"),
        default=True,
        help_text=_("When off, the e-mail address and phone number are never shown on the site or in the API."),
    )
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"], validators=[validate_multiline]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="companies")

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
        # The database pages import the entries they list: named, not imported.
        index_page = apps.get_model("registry", "CompanyIndexPage")
        return index_page.objects.live().filter(locale_id=self.locale_id).first()

    def seo_metadata(self, url, request):
        return {
            "title": self.name,
            "description": plain(self.description),
            "og_type": "profile",
            "json_ld": {
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": self.name,
                "url": self.website if is_web_url(self.website) else url,
                "taxID": self.nip,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.street,
                    "postalCode": self.postal_code,
                    "addressLocality": self.city,
                    "addressRegion": self.get_voivodeship_display(),
                    "addressCountry": "PL",
                },
            },
        }

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

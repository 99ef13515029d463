"""Cooperation offers and services: the entries of the offers and services databases."""

from django import forms
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtail_localize.fields import SynchronizedField

from cms.locales import in_locale
from cms.search_fields import ReadersPrefixes, ReadersText, ReadersTitle, entry_join_index, text_of
from cms.seo import plain
from cms.validators import validate_multiline, validate_single_line

from ..fields import MultipleChoiceField
from .companies import Company
from .entries import PublishableSnippet
from .sectors import Sector


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

    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
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
    summary = models.TextField(
        _("summary"),
        max_length=500,
        validators=[validate_multiline],
        help_text=_("Two or three sentences shown in lists."),
    )
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"], validators=[validate_multiline]
    )
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="offers")
    cooperation_types = MultipleChoiceField(_("cooperation types sought"), choices=CooperationType.choices, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("After this day the offer disappears from the site.")
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
        # The database pages import the entries they list: named, not imported.
        index_page = apps.get_model("registry", "OfferIndexPage")
        return index_page.objects.live().filter(locale_id=self.locale_id, listing=self.index_section()[1]).first()

    def seo_metadata(self, url, request):
        return {"title": self.title, "description": plain(self.summary), "og_type": "article"}

    def index_section(self):
        """The site frame's (model label, listing) of the database page this entry is shown on."""
        listings = apps.get_model("registry", "OfferIndexPage").Listing
        listing = listings.SERVICES if self.is_service else listings.OFFERS
        return "registry.OfferIndexPage", listing

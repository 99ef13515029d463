"""Cluster profiles: the cluster map's index page and one page per business cluster."""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from api.preview import HeadlessPreviewMixin
from articles.models import ArticlePage, ArticleRelatedCluster
from cms.admin_forms import SameLanguagePageForm
from cms.fields import WebAddressField
from cms.images import with_renditions
from cms.locales import in_locale
from cms.page_cache import CacheQueryParamsMixin
from cms.pages import PortalPageMixin
from cms.pagination import CountingPaginator, list_identity
from cms.params import page_number
from cms.privacy import PublicPageQuerySet
from cms.routing import OneQueryChildRouteMixin
from cms.search_fields import ReadersPrefixes, ReadersText, ReadersTitle, entry_join_index, text_of
from cms.site_frame import frame_section_page, parent_page
from registry.models import Company, CompanyIndexPage, attach_localized_sectors
from registry.voivodeships import Voivodeship

from .filters import ClusterFilterSet
from .map import ClusterMap

RELATED_ARTICLES = 5
LOGO = "max-300x150"  # the size cluster_page.html shows


class ClusterIndexPage(CacheQueryParamsMixin, OneQueryChildRouteMixin, PortalPageMixin, Page):
    """Klastry: the list and map of clusters."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["clusters.ClusterPage"]
    cache_query_params = (*ClusterFilterSet.base_filters, "page")

    class Meta:
        verbose_name = _("cluster index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        public = ClusterPage.objects.published(self.locale_id).child_of(self).order_by("title")
        filters = ClusterFilterSet(request.GET or None, public, locale=self.locale_id, index=self.pk)
        context["filters"] = filters
        clusters = CountingPaginator(filters.qs, 50, list_identity(self, request))
        context["clusters"] = clusters.get_page(page_number(request))
        # The map shows every public cluster, whatever the filters; it marks the voivodeship chosen.
        # Read only when the template draws it: the drawing is usually in the fragment cache.
        context["cluster_map"] = SimpleLazyObject(lambda: self._map(public, filters, request))
        return context

    def _map(self, public, filters, request):
        everywhere = list(public)
        return ClusterMap(
            counts=Counter(cluster.voivodeship for cluster in everywhere),
            clusters=everywhere,
            selected=filters.selected_voivodeship,
            linked=True,
            request=request,
        )

    def child_pages(self):
        """A cluster as its page shows it (see cms/routing.py)."""
        return with_renditions(ClusterPage.objects.all(), "logo", LOGO)


class ClusterMember(Orderable):
    """A company that belongs to the cluster, listed on its profile."""

    cluster = ParentalKey("clusters.ClusterPage", on_delete=models.CASCADE, related_name="members")
    company = models.ForeignKey(
        "registry.Company", verbose_name=_("company"), on_delete=models.CASCADE, related_name="cluster_memberships"
    )

    panels = [FieldPanel("company")]

    class Meta(Orderable.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")


class ClusterPageQuerySet(PublicPageQuerySet):
    def published(self, locale=None):
        """The one definition of a cluster a reader may see: live, not private, optionally in one locale."""
        return in_locale(self.live().public(), locale)

    def key_national(self, today=None):
        """Clusters whose Key National Cluster status is valid today."""
        today = today or timezone.localdate()
        return self.filter(is_key_national_cluster=True).filter(
            Q(key_national_cluster_until__isnull=True) | Q(key_national_cluster_until__gte=today)
        )

    def counts_by_voivodeship(self):
        """{voivodeship: number of clusters}, in one aggregate query; voivodeships without any are left out."""
        return dict(self.order_by().values_list("voivodeship").annotate(count=models.Count("pk")))


@dataclass
class ShownCompany:
    """A member or coordinator as a reader sees it: named in the page's language, linked where published."""

    name: str
    krs: str
    public_url: str | None


class ClusterPage(HeadlessPreviewMixin, PortalPageMixin, Page):
    class ExcellenceLabel(models.TextChoices):
        BRONZE = "bronze", _("bronze")
        SILVER = "silver", _("silver")
        GOLD = "gold", _("gold")

    short_name = models.CharField(_("short name"), max_length=40, blank=True, help_text=_("For example BKP."))
    founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    voivodeship = models.CharField(_("voivodeship"), max_length=32, choices=Voivodeship.choices)
    city = models.CharField(_("city"), max_length=120)
    coordinator = models.ForeignKey(
        "registry.Company",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_clusters",
        help_text=_("The company or body that runs the cluster; its KRS number is shown from the registry."),
    )
    website = WebAddressField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    description = RichTextField(_("description"), blank=True)
    sectors = ParentalManyToManyField("registry.Sector", verbose_name=_("sectors"), blank=True, related_name="clusters")

    members_total = models.PositiveIntegerField(_("members in total"), default=0)
    members_sme = models.PositiveIntegerField(_("small and medium enterprises"), default=0)
    members_large = models.PositiveIntegerField(_("large companies"), default=0)
    members_research = models.PositiveIntegerField(_("research and education bodies"), default=0)

    is_key_national_cluster = models.BooleanField(
        _("Key National Cluster"),
        default=False,
        help_text=_("Krajowy Klaster Kluczowy status granted by the ministry."),
    )
    key_national_cluster_until = models.DateField(_("Key National Cluster status valid until"), null=True, blank=True)
    excellence_label = models.CharField(
        _("European cluster excellence label"), max_length=10, choices=ExcellenceLabel.choices, blank=True
    )
    excellence_label_until = models.DateField(_("excellence label valid until"), null=True, blank=True)

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(49), MaxValueValidator(55)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(24.5)],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PageManager.from_queryset(ClusterPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("founded")]),
                FieldRowPanel([FieldPanel("voivodeship"), FieldPanel("city")]),
                FieldPanel("coordinator"),
                FieldPanel("logo"),
            ],
            _("Profile"),
        ),
        FieldPanel("description"),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("contact_person"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            ],
            _("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("members_total"),
                FieldRowPanel([FieldPanel("members_sme"), FieldPanel("members_large"), FieldPanel("members_research")]),
            ],
            _("Member counts"),
        ),
        InlinePanel("members", label=_("Members"), heading=_("Member companies")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_key_national_cluster"), FieldPanel("key_national_cluster_until")]),
                FieldRowPanel([FieldPanel("excellence_label"), FieldPanel("excellence_label_until")]),
            ],
            _("Labels"),
        ),
        MultiFieldPanel([FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])], _("Place on the map")),
    ]
    parent_page_types = ["clusters.ClusterIndexPage"]
    subpage_types = []
    # Coordinator, members and sectors are offered and accepted in the cluster's own language only.
    base_form_class = SameLanguagePageForm

    search_fields = Page.search_fields + [
        index.SearchField("short_name", boost=3),
        index.SearchField("city", boost=2),
        index.SearchField("description"),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.FilterField("voivodeship"),
        index.FilterField("is_key_national_cluster"),
        ReadersTitle(),
        ReadersText("search_text"),
        ReadersPrefixes(),
    ]

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        indexes = [entry_join_index("clusters_search_join_idx", "page_ptr")]

    @property
    def search_text(self):
        """What readers' searches match besides the title."""
        sectors = [sector.name for sector in self.sectors.all()]
        voivodeship = Voivodeship(self.voivodeship).label if self.voivodeship else ""
        return text_of(self, self.short_name, self.city, voivodeship, self.description, sectors)

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail prefetches no ParentalManyToManyField for the index, yet every item's sectors are read.
        return super().get_indexed_objects().prefetch_related("sectors")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = frame_section_page(request, "registry.CompanyIndexPage", self.locale_id)
        companies = self.companies_as_published(index_page)
        context["coordinator"] = companies["coordinator"]
        context["member_companies"] = companies["members"]
        context["related_articles"] = self.related_articles()[:RELATED_ARTICLES]
        context["cluster_map"] = ClusterMap(clusters=[self], selected=self.voivodeship, highlighted=self)
        parent = parent_page(request, self)  # None in the preview of a page not saved yet
        context["index_url"] = parent.get_url(request) if parent else None
        attach_localized_sectors([self], self.locale_id)
        return context

    def related_articles(self):
        """Published news in this page's language that name this cluster among their related clusters."""
        if self.pk is None:  # a preview of a page not saved yet
            return ArticlePage.objects.none()
        naming = ArticleRelatedCluster.objects.filter(cluster=self).values("article_id")
        return (
            ArticlePage.objects.published(self.locale_id)
            .filter(pk__in=naming)
            .order_by("-date", "-pk")
            .defer_streamfields()
        )

    def companies_as_published(self, index_page=None):
        """The coordinator and the member companies as readers of this page may see them: ShownCompany each.

        Only published companies are named: each as its published translation in the page's
        language, and linked to it, where there is one; else, when the company as entered is
        published, named so, without a link. A draft or unpublished company is left out (the
        coordinator is then None). One query in all, however many members the cluster has; one more
        for `index_page` (the companies database) when it is not given.
        """
        members = self.members.all()
        stored = isinstance(members, models.QuerySet)  # else a preview: the members being edited, in memory
        member_ids = members.values("company_id") if stored else [member.company_id for member in members]
        published = Company.objects.published(self.locale_id).filter(translation_key=OuterRef("translation_key"))
        companies = Company.objects.filter(Q(pk=self.coordinator_id) | Q(pk__in=member_ids)).annotate(
            public_slug=Subquery(published.values("slug")[:1]),
            public_name=Subquery(published.values("name")[:1]),
            public_as_entered=Exists(Company.objects.published().filter(pk=OuterRef("pk"))),
        )
        if stored:
            membership = members.filter(company=OuterRef("pk")).order_by("sort_order", "pk")
            companies = companies.annotate(
                place=Subquery(membership.values("sort_order")[:1]), membership=Subquery(membership.values("pk")[:1])
            )
        by_pk = {
            company.pk: company for company in companies if company.public_slug is not None or company.public_as_entered
        }
        if stored:
            # Orderable leaves sort_order empty for members not added through the editor's form.
            in_order = sorted(
                (company for company in by_pk.values() if company.membership is not None),
                key=lambda company: (company.place is None, company.place or 0, company.membership),
            )
        else:
            in_order = [by_pk[member.company_id] for member in members if member.company_id in by_pk]
        if index_page is None and any(company.public_slug for company in by_pk.values()):
            index_page = CompanyIndexPage.objects.live().filter(locale_id=self.locale_id).first()

        def shown(company):
            if company.public_slug is None or index_page is None:
                return ShownCompany(company.name, company.krs, None)
            url = index_page.url + index_page.reverse_subpage("detail", args=[company.public_slug])
            return ShownCompany(company.public_name, company.krs, url)

        coordinator = by_pk.get(self.coordinator_id)
        return {
            "coordinator": shown(coordinator) if coordinator else None,
            "members": [shown(company) for company in in_order],
        }

    @property
    def key_national_cluster_valid(self):
        until = self.key_national_cluster_until
        return self.is_key_national_cluster and (until is None or until >= timezone.localdate())

    @property
    def excellence_label_valid(self):
        until = self.excellence_label_until
        return bool(self.excellence_label) and (until is None or until >= timezone.localdate())

"""The home page: one per language, the root of that language's site."""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from articles.models import ARTICLE_LIST_FIELDS, LIST_IMAGE, ArticlePage
from clusters.map import ClusterMap
from clusters.models import ClusterPage
from cms.images import with_renditions
from cms.pages import PortalPageMixin
from cms.routing import FrameRoutingMixin
from cms.seo import organization

from .legal import AccessibilityStatementPage, PrivacyPolicyPage

__all__ = ["AccessibilityStatementPage", "HomePage", "PrivacyPolicyPage"]


class HomePage(FrameRoutingMixin, PortalPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("A sentence or two under the site name."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "articles.ArticleIndexPage",
        "clusters.ClusterIndexPage",
        "registry.CompanyIndexPage",
        "registry.OfferIndexPage",
        "search.SearchPage",
        "newsletter.NewsletterPage",
        "home.AccessibilityStatementPage",
        "home.PrivacyPolicyPage",
    ]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def can_create_at(cls, parent):
        # One home page per language: further ones are made with the "Translate" action, not by hand.
        return super().can_create_at(parent) and not cls.objects.exists()

    def seo_metadata(self, url, request):
        return {"json_ld": {"@context": "https://schema.org", **organization(url)}}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # By locale id: the page's own Locale would cost a query.
        context["latest_articles"] = (
            with_renditions(ArticlePage.objects.published(self.locale_id), "header_image", LIST_IMAGE)
            .order_by("-date", "-pk")
            .only(*ARTICLE_LIST_FIELDS)[:5]
        )
        # The teaser map's shading; its total is the number of clusters. Read only when the template
        # draws it: the drawing is usually in the fragment cache.
        context["cluster_map"] = SimpleLazyObject(
            lambda: ClusterMap(counts=ClusterPage.objects.published(self.locale_id).counts_by_voivodeship())
        )
        return context

"""The home page: one per language, the root of that language's site."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from articles.models import ArticlePage
from clusters.models import ClusterPage


class HomePage(Page):
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
    ]

    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def can_create_at(cls, parent):
        # One home page per language: further ones are made with the "Translate" action, not by hand.
        return super().can_create_at(parent) and not cls.objects.exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            ArticlePage.objects.published(self.locale)
            .order_by("-date", "-pk")
            .select_related("header_image")
            .prefetch_related("header_image__renditions")[:5]
        )
        context["cluster_count"] = ClusterPage.objects.published(self.locale).count()
        return context

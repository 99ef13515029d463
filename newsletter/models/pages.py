"""The newsletter page: the sign-up form in the page tree (the form's handling is in views.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.pages import PortalPageMixin

from ..views import newsletter_page


class NewsletterPage(PortalPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("newsletter page")

    def serve(self, request, *args, **kwargs):
        return newsletter_page(request, self, *args, **kwargs)

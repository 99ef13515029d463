"""The search page (Szukaj) of each language."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .queries import search_everything


class SearchPage(Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        context["query"] = query
        context["results"] = search_everything(query, self.locale) if query else []
        return context

"""The search page (Szukaj) of each language, with its type-ahead at suggest/."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .highlight import highlight, snippet
from .queries import KINDS, KINDS_BY_SLUG, MAX_QUERY_LENGTH, InvalidQuery, search_site, suggest


class SearchPage(RoutablePageMixin, Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    paginate_by = 10

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()
        kind = KINDS_BY_SLUG.get(request.GET.get("type", ""))
        context.update(query=query[:MAX_QUERY_LENGTH], kind=kind, results=None, error=None)
        if not query:
            return context
        try:
            results = search_site(query, self.locale, kind and kind.slug, self.paginate_by)
        except InvalidQuery as invalid:
            context["error"] = invalid.message
            return context
        page = Paginator(results, self.paginate_by).get_page(request.GET.get("page"))
        language = self.locale.language_code
        index_pages = {}
        for hit in page.object_list:
            hit.title_html = highlight(hit.item.title, results.query, language)
            hit.snippet_html = snippet(_summary(hit.item), results.query, language)
            hit.url = _url(hit, request, index_pages)
        context.update(
            results=results,
            page_obj=page,
            facets=[{"kind": k, "count": results.counts[k], "selected": k == kind} for k in KINDS],
            total=sum(results.counts.values()),
        )
        return context

    @path("suggest/", name="suggest")
    def suggestions(self, request):
        """Type-ahead: {"results": [{"title", "url", "type"}, …]} for the words typed so far, as prefixes."""
        hits = suggest(request.GET.get("q", ""), self.locale)
        return JsonResponse(
            {"results": [{"title": hit.item.title, "url": hit.item.url, "type": hit.kind.slug} for hit in hits]}
        )


def _url(hit, request, index_pages):
    """The item's address; registry entries of one kind share their database page, looked up once."""
    if isinstance(hit.item, Page):
        return hit.item.get_url(request)
    if hit.kind in index_pages:
        hit.item.index_page = index_pages[hit.kind]  # primes the cached_property
    else:
        index_pages[hit.kind] = hit.item.index_page
    return hit.item.url


def _summary(item):
    """The text a result shows under its title."""
    for name in ("lead", "summary", "description"):
        value = getattr(item, name, "")
        if value:
            return str(value)
    return ""

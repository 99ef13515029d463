"""The search page (Szukaj) of each language, with its type-ahead at suggest/."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.page_cache import CacheQueryParamsMixin
from cms.pages import PortalPageMixin
from cms.params import page_number
from registry.models import attach_index_pages

from .highlight import highlight, matching_text, snippet, summaries
from .hits import TermHits  # noqa: F401 - the one-word search's table on SQLite, a model of this app
from .queries import KINDS, KINDS_BY_SLUG, MAX_QUERY_LENGTH, InvalidQuery, search_site, suggest
from .scores import TermScore  # noqa: F401 - the one-word search's table, a model of this app
from .suggestions import TitleWord  # noqa: F401 - the type-ahead's table, a model of this app


class SearchPage(CacheQueryParamsMixin, RoutablePageMixin, PortalPageMixin, Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    paginate_by = 10
    cache_query_params = ("q", "type", "page")

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()
        kind = KINDS_BY_SLUG.get(request.GET.get("type", ""))
        context.update(query=query[:MAX_QUERY_LENGTH], kind=kind, results=None, error=None)
        if not query:
            return context
        number = page_number(request)
        try:
            # The rows of the page asked for come with the counts; a far page (a crawler's, say) is
            # read as the Paginator goes: the rows up to it are read only if it exists.
            results = search_site(query, self.locale, kind and kind.slug, self.paginate_by, min(number, 20))
        except InvalidQuery as invalid:
            context["error"] = invalid.message
            return context
        page = Paginator(results, self.paginate_by).get_page(number)
        language = self.locale.language_code
        index_pages = {}
        for hit in page.object_list:
            hit.title_html = highlight(hit.item.title, results.query, language)
            hit.kind_html = highlight(hit.kind.singular, results.query, language)
            hit.snippet_html = snippet(
                matching_text(summaries(hit.item), results.query, language), results.query, language
            )
            hit.url = _url(hit, request, index_pages)
        total = sum(min(count, results.count_limit) for count in results.counts.values())
        total_over = any(results.over_limit(k) for k in KINDS)
        context.update(
            results=results,
            page_obj=page,
            facets=[
                {
                    "kind": k,
                    "count": results.counts[k],
                    "count_text": _count_text(results.counts[k], results.count_limit),
                    "selected": k == kind,
                }
                for k in KINDS
            ],
            total=total,
            total_over=total_over,
            total_text=_over(total) if total_over else number_format(total),
            total_grouped=number_format(total, force_grouping=True),
        )
        return context

    @path("suggest/", name="suggest")
    def suggestions(self, request):
        """Type-ahead: {"results": [{"title", "url", "type"}, …]} for the words typed so far, as prefixes."""
        hits = suggest(request.GET.get("q", ""), self.locale)
        index_pages = {}
        return JsonResponse(
            {
                "results": [
                    {"title": hit.item.title, "url": _url(hit, request, index_pages), "type": hit.kind.slug}
                    for hit in hits
                ]
            }
        )


def _url(hit, request, index_pages):
    """The item's address; a registry entry's database page comes from the site frame, else is read once per kind."""
    if isinstance(hit.item, Page):
        return hit.item.get_url(request)
    attach_index_pages([hit.item], request)
    if "index_page" not in hit.item.__dict__:  # not in the frame (a private database page, say)
        if hit.kind in index_pages:
            hit.item.index_page = index_pages[hit.kind]  # primes the cached_property
        else:
            index_pages[hit.kind] = hit.item.index_page
    return hit.item.get_url(request)


def _over(count):
    return _("over %(count)s") % {"count": number_format(count, force_grouping=True)}


def _count_text(count, limit):
    """A kind's count as the facets show it: exact up to the limit, "over 1,000" above (search/topk.py)."""
    return _over(limit) if count > limit else number_format(count)

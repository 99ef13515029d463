"""Routing a request to its page in at most one query, where Wagtail spends two per level of the tree.

The page view (`serve`, Wagtail's own with routing from the site frame) starts from the home page
kept in the site frame. A section (a child of the home page) comes from the site frame too, and a
page below a section whose children are all of one type is read with one query of that type,
together with its translations (for the language switcher) and whatever its template shows
(`child_pages()`). Anything else (a private or unpublished section, an unexpected child) is routed
as Wagtail routes it. Routing from the site frame is a cache layer that a setting switches off
(cms/generation.py). The one-query child lookup keeps nothing, so it is not a layer but the shape of
the query: Wagtail's own lookup (the child as a plain page, then its specific row, then its
translations) would put an article at 7 queries, above the budget of 6 (tests/test_query_counts.py).
"""

from django.http import Http404, HttpResponse

from wagtail import hooks
from wagtail.models import Page, Site

from .generation import layer_on
from .site_frame import home_page, section_to_route

# What a link to a page needs, and no more: its title and URL, and what finds its translations.
# Lists that only link to pages (related clusters, the API's translation links) read these columns.
PAGE_LINK_FIELDS = ("id", "title", "url_path", "translation_key", "locale")


def serve(request, path):
    """Wagtail's page view (wagtail.views.serve), starting from the home page of the site frame."""
    home = home_page(request) if layer_on("site_frame") else None
    if home is None:
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        home = site.root_page.localized.specific
    page, args, kwargs = home.route(request, [part for part in path.split("/") if part])

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    for wrapper in reversed(hooks.get_hooks("on_serve_page")):
        serve_chain = wrapper(serve_chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return serve_chain(page, request, args, kwargs)


class FrameRoutingMixin:
    """For the home page: its live, public sections are routed from the site frame, without a query."""

    def route(self, request, path_components):
        if path_components and layer_on("site_frame"):
            section = section_to_route(request, self, path_components[0])
            if section is not None:
                return section.route(request, path_components[1:])
        return super().route(request, path_components)


class OneQueryChildRouteMixin:
    """For a section whose children are all of one type: a child is found with one query of that type.

    `child_pages()` is the queryset of that type, in every language, with the relations its page
    shows; the child found gets `published_translations`, the live translations it has (itself included).
    """

    def child_pages(self):
        raise NotImplementedError

    def route(self, request, path_components):
        if path_components:
            child = self._child(path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _child(self, slug):
        pages = self.child_pages()
        key = Page.objects.child_of(self).filter(slug=slug).values("translation_key")
        found = list(pages.filter(translation_key__in=key).select_related("locale"))
        child = next((page for page in found if page.slug == slug and page.is_child_of(self)), None)
        if child is not None:
            child.published_translations = [page for page in found if page.live]
        return child

"""Routing a request to its page in at most one query, where Wagtail spends three to reach the home
page and two per level below it.

Wagtail finds the site, the active locale and the specific home page with a query each. Here the
site comes from the shared cache and the home page from the cached site frame, both kept under the
page cache's version, so any change of sites or pages refreshes them (home/routing_middleware.py).
A section (a child of the home page) comes from the site frame too, and a page below a section
whose children are all of one type is read with one query of that type, together with its
translations (for the language switcher) and whatever its template shows (`child_pages()`).
Anything else (a private or unpublished section, an unexpected child) is routed as Wagtail does.
"""

from wagtail.models import Page

from .site_frame import section_to_route

# What a link to a page needs, and no more: its title and URL, and what finds its translations.
# Lists that only link to pages (related clusters, the API's translation links) read these columns.
PAGE_LINK_FIELDS = ("id", "title", "url_path", "translation_key", "locale")


class FrameRoutingMixin:
    """For the home page: its live, public sections are routed from the site frame, without a query."""

    def route(self, request, path_components):
        if path_components:
            section = section_to_route(request, self, path_components[0])
            if section is not None:
                section._cached_parent_obj = self  # Treebeard's get_parent() then costs no query
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
                child._cached_parent_obj = self
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

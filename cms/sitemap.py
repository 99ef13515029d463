"""sitemap.xml for every language, with hreflang alternates between translations.

Wagtail's own sitemap lists only the descendants of the site's root page, which is the Polish
home page; the other languages' trees sit beside it and would be missing. It also reads every
page as its specific type, a query per type, and each database page's entries with a query of
its own; here pages stay plain unless their type adds addresses (the databases' entries), and a
type reads what its pages add in one query (`prepare_sitemap`).
"""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .privacy import private_q


class PortalSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True).live()
        in_any_home = Q()
        for home in homes:
            in_any_home |= Q(path__startswith=home.path)
        if not in_any_home:
            return []
        pages = Page.objects.live().exclude(private_q()).filter(in_any_home).select_related("locale").order_by("path")
        # A list, not a queryset: the paginator then needs no count query. Pages are few (the
        # databases' entries, the many, are added by their pages and read with one query).
        return list(pages)

    def _with_own_addresses(self, pages):
        """The pages, those whose type lists more addresses than its own (the databases) as that type."""
        specific = {}
        by_type = defaultdict(list)
        for page in pages:
            if page.specific_class.get_sitemap_urls is not Page.get_sitemap_urls:
                by_type[page.specific_class].append(page.pk)
        for page_type, pks in by_type.items():
            specific.update(page_type.objects.select_related("locale").in_bulk(pks))
        # A type may read what all its pages add in one go (`prepare_sitemap`, a classmethod): the
        # databases read the entries of both kinds with one query. Subclasses that inherit it share a call.
        preparers = defaultdict(list)
        for item in specific.values():
            prepare = getattr(type(item), "prepare_sitemap", None)
            if prepare is not None:
                preparers[prepare.__func__].append(item)
        for prepare, group in preparers.items():
            prepare(type(group[0]), group)
        return [specific.get(page.pk, page) for page in pages]

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self._with_own_addresses(self.paginator.page(page).object_list):
            for url_info in item.get_sitemap_urls(self.request):
                url_info.setdefault("translation_key", item.translation_key)
                url_info.setdefault("lang_code", item.locale.language_code)
                urls.append(url_info)

        by_translation = defaultdict(list)
        for url_info in urls:
            by_translation[url_info["translation_key"]].append(
                {"lang_code": url_info["lang_code"], "location": url_info["location"]}
            )
        for url_info in urls:
            alternates = by_translation[url_info["translation_key"]]
            url_info["alternates"] = alternates if len(alternates) > 1 else []

        last_mods = {url_info.get("lastmod") for url_info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

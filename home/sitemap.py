"""sitemap.xml for every language, with hreflang alternates between translations.

Wagtail's own sitemap lists only the descendants of the site's root page, which is the Polish
home page; the other languages' trees sit beside it and would be missing.
"""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PortalSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True).live()
        in_any_home = Q()
        for home in homes:
            in_any_home |= Q(path__startswith=home.path)
        if not in_any_home:
            return Page.objects.none()
        return (
            Page.objects.live()
            .public()
            .filter(in_any_home)
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
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

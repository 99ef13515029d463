"""The parts of every page that depend on the page tree, not on the page: the home page of the
reader's language and its sections (navigation, home tiles).

They are read once per language and kept in the cache under the page cache's version, so any
publish, unpublish or move rebuilds them and an ordinary request spends no query on them.
"""

from django.core.cache import cache
from django.utils.translation import get_language

from wagtail.models import Site

from .page_cache import current_version


def _build(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    # The site's root is the Polish home page; `.localized` swaps in the live translation of the active language.
    home = site.root_page.localized
    sections = [
        {
            "pk": child.pk,
            "title": child.title,
            "url": child.get_url(request),
            "url_path": child.url_path,
            "model": child._meta.label,
            "listing": getattr(child, "listing", None),
            "in_menu": child.show_in_menus,
        }
        for child in home.get_children().live().public().specific()
    ]
    return {"home": {"pk": home.pk, "title": home.title, "url": home.get_url(request)}, "sections": sections}


def site_frame(request):
    """{"home": {...}, "sections": [...]} for the active language, or None when no site matches."""
    if request is None:
        return None
    if not hasattr(request, "_site_frame"):
        site = Site.find_for_request(request)
        key = f"site-frame:{current_version()}:{site.pk if site else 0}:{get_language()}"
        frame = cache.get(key)
        if frame is None:
            frame = _build(request)
            cache.set(key, frame, 3600)
        request._site_frame = frame
    return request._site_frame


def section(request, model_label, listing=None):
    """The first section page of the given type (and listing), as a dict, or None."""
    frame = site_frame(request)
    for item in frame["sections"] if frame else []:
        if item["model"] == model_label and (listing is None or item["listing"] == listing):
            return item
    return None

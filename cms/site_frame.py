"""The parts of every page that depend on the page tree, not on the page: the home page of the
reader's language, its sections (navigation, home tiles, routing) and their translations
(the language switcher).

They are read once per language and kept under the content generation (cms/generation.py), so
any publish, unpublish, move or delete (or change of view restrictions) rebuilds them and an
ordinary request spends no query on them (the `site_frame` layer; switched off, they are read
once per request). Only live, public sections are in the frame; a request for any
other page goes through Wagtail's own routing and checks.
"""

from django.db.models import Q
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from .cache import per_request
from .generation import remember
from .privacy import private_q

NO_SITE = ""  # kept for a host that no site answers, so that it costs no query either


def _build(request, site):
    # The site's root is the Polish home page; `.localized` swaps in the live translation of the active language.
    home = site.root_page.localized
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    # The live, public sections and the live translations of them and of the home page, in one
    # read: the language switcher's links, and the database pages on which registry entries in
    # other languages are shown.
    sections_keys = home.get_children().live().exclude(private_q()).values("translation_key")
    family = Page.objects.live().filter(Q(translation_key__in=sections_keys) | Q(translation_key=home.translation_key))
    translations = {}
    children = []
    for page in family.order_by("path").specific():
        page.locale = locales[page.locale_id]  # kept with the frame: no query for the page's locale
        translations.setdefault(page.translation_key, []).append(page)
        if page.is_child_of(home):
            children.append(page)

    def languages(page):
        family = translations.get(page.translation_key, [])
        urls = ((other.locale.language_code, other.get_url(request)) for other in family)
        return {code: url for code, url in urls if url}

    sections = []
    for child in children:
        # Kept with the frame so that routing to a section costs no query (cms/routing.py).
        sections.append(
            {
                "pk": child.pk,
                "title": child.title,
                "slug": child.slug,
                "url": child.get_url(request),
                "url_path": child.url_path,
                "model": child._meta.label,
                "listing": getattr(child, "listing", None),
                "in_menu": child.show_in_menus,
                "page": child,
                "translations": translations[child.translation_key],
                "language": child.locale.language_code,
                "languages": languages(child),
            }
        )
    return {
        "home": {
            "pk": home.pk,
            # What Wagtail's routing starts from (cms/routing.py), kept so that it costs no query.
            "page": home.specific,
            "title": home.title,
            "url": home.get_url(request),
            "language": locales[home.locale_id].language_code,
            "languages": languages(home),
        },
        "sections": sections,
    }


def find_site(request):
    """Wagtail's Site.find_for_request, kept with the site frame: views whose header is all they
    take from the page tree (the forms, error pages) then spend no query on it."""

    def kept():
        return remember("site_frame:site", request.get_port(), lambda: Site.find_for_request(request) or NO_SITE)

    # Once per request: every link on a page asks (cms/pages.py).
    return per_request(("site", request.get_port()), kept) or None


def site_frame(request):
    """{"home": {...}, "sections": [...]} for the active language, or None when no site matches."""
    if request is None:
        return None
    site = find_site(request)
    if site is None:
        return None
    identity = (site.pk, get_language())
    return per_request(
        ("site-frame", identity), lambda: remember("site_frame", identity, lambda: _build(request, site))
    )


def home_page(request):
    """The specific home page of the reader's language for the request's site, or None."""
    frame = site_frame(request)
    return frame["home"]["page"] if frame else None


def parent_page(request, page):
    """A page's parent, without a query where it is the home page or one of its sections (from the
    site frame); else Wagtail's `get_parent()`, which is None for a page not saved yet."""
    frame = site_frame(request)
    if frame and page.path:
        parent_path = page.path[: -page.steplen]
        for item in [frame["home"], *frame["sections"]]:
            if item["page"].path == parent_path:
                return item["page"]
    return page.get_parent() if page.path else None


def section(request, model_label, listing=None):
    """The first section page of the given type (and listing), as a dict, or None."""
    frame = site_frame(request)
    for item in frame["sections"] if frame else []:
        if item["model"] == model_label and (listing is None or item["listing"] == listing):
            return item
    return None


def section_to_route(request, home, slug):
    """The live, public section of `home` at `slug` as a specific page, or None when the frame has none."""
    frame = site_frame(request)
    if not frame or frame["home"]["pk"] != home.pk:
        return None
    for item in frame["sections"]:
        if item["slug"] == slug:
            return item["page"]
    return None


def frame_item(request, page):
    """The frame's dict for the home page or a section ({pk, title, url, language, languages, ...}), or None."""
    frame = site_frame(request)
    if not frame:
        return None
    for item in [frame["home"], *frame["sections"]]:
        if item["pk"] == page.pk:
            return item
    return None


def frame_section_page(request, model_label, locale_id, listing=None):
    """The live section page of this type (and listing) in this locale, where the frame has it, else None.

    The frame holds the sections of the reader's language and their translations, so registry
    entries of either language find their database page without a query.
    """
    frame = site_frame(request)
    for item in frame["sections"] if frame else []:
        if item["model"] != model_label:
            continue
        for page in item["translations"]:
            if page.locale_id == locale_id and getattr(page, "listing", None) == listing:
                return page
    return None

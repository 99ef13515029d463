"""Template tags for the site frame: site name, navigation, language switcher and home page tiles."""

import functools

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.brand import agency_name, brand
from cms.generation import CONTENT_SECONDS, content_key, layer_on
from cms.privacy import is_private
from cms.site_frame import frame_item, section, site_frame
from cms.validators import is_web_url

register = template.Library()


@register.simple_tag
def fragment_key(*parts):
    """For `{% cache %}` of a fragment drawn only from published content: a key that names the
    content generation, the host and `parts`, so the fragment is kept until content changes.

    A form among `parts` stands for the values of its own fields only: parameters it does not
    know make no new key.
    """
    return content_key("fragments", tuple(_fragment_part(part) for part in parts))


def _fragment_part(part):
    if hasattr(part, "fields") and hasattr(part, "data"):
        data = part.data
        return sorted(
            (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name)) for name in part.fields
        )
    return str(part)


@register.simple_tag
def fragment_seconds():
    """How long `{% cache %}` keeps a fragment: a day, or 0 with the `fragments` layer switched off."""
    return CONTENT_SECONDS if layer_on("fragments") else 0


@register.simple_tag(takes_context=True)
def site_name(context=None):
    """The agency's name in the active language, from its settings (cms/brand.py); called without a
    template context (the newsletter's consent wording), the default site's."""
    return agency_name(context.get("request") if context else None)


@register.simple_tag(takes_context=True)
def agency(context):
    """The agency's name, logo, icons, contacts, funding marks and statutory pages (cms/brand.py)."""
    return brand(context.get("request"))


@register.simple_tag(takes_context=True)
def current_home_page(context):
    """The home page of the active language as {pk, title, url}, or None when no site matches the request."""
    frame = site_frame(context.get("request"))
    return frame["home"] if frame else None


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The home page's sections shown in menus, in tree order: [{pk, title, url, active}].

    `active` is True when the page being shown is that section or lies below it.
    """
    frame = site_frame(context.get("request"))
    if frame is None:
        return []
    current_path = getattr(context.get("page"), "url_path", None) or ""
    return [
        {**item, "active": current_path.startswith(item["url_path"])} for item in frame["sections"] if item["in_menu"]
    ]


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the object being shown in every content language: [{code, name, url, current, fallback}],
    in settings order.

    A registry entry (`company` or `offer`, shown below its index page) wins over the index `page`
    itself; with neither, the home pages of the languages are linked. Where the object has no published
    translation in a language, the link leads to the nearest page above it that has one (an entry's
    index page, a section, else the home page) and `fallback` tells the reader so; otherwise it is "".
    """
    request = context.get("request")
    entry = context.get("company") or context.get("offer")
    page = context.get("page")
    shown = entry if entry is not None else page
    if shown is None or not hasattr(shown, "translation_key"):
        frame = site_frame(request)
        if frame is None:
            return []
        shown = frame["home"]
    urls, current = _translation_urls(request, shown)
    # Each language by its own name (LANGUAGES), which a reader finds whatever the page's language.
    endonyms = dict(settings.LANGUAGES)
    links = []
    for code, language in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code in urls:
            link = {"code": code, "name": endonyms[code], "url": urls[code], "current": code == current}
            links.append({**link, "fallback": ""})
            continue
        # Above an entry lies the index page it is shown on; above a page, its parents.
        url, target = nearest_translated(request, page, code, include_page=entry is not None)
        if url:
            if target:
                note = _("This page has no version in %(language)s: the link leads to “%(target)s”.")
            else:
                note = _("This page has no version in %(language)s: the link leads to the home page.")
            fallback = note % {"language": language, "target": target}
            links.append({"code": code, "name": endonyms[code], "url": url, "current": False, "fallback": fallback})
    return links


def nearest_translated(request, page, code, include_page=False):
    """(URL, title) of the nearest page above `page` (or `page` itself) that is published and public in
    the language `code`: its section, or else (with title None) the home page; (None, None) when none is.

    Sections are the home page's children and hold the deepest pages (news, clusters) as their
    children: the site frame therefore knows every ancestor there is, and this costs no query.
    """
    frame = site_frame(request)
    url_path = getattr(page, "url_path", None)
    if frame is None or not url_path:
        return None, None
    for item in frame["sections"]:
        if not url_path.startswith(item["url_path"]) or (item["pk"] == page.pk and not include_page):
            continue
        for translation in item["translations"]:
            url = item["languages"].get(code)
            if url and translation.locale.language_code == code and not is_private(translation.path):
                return url, translation.title
    if frame["home"]["pk"] != page.pk or include_page:
        return frame["home"]["languages"].get(code), None
    return None, None


def _translation_urls(request, shown):
    """({language code: URL}, the shown object's language code); read once per object and request."""
    if isinstance(shown, dict):  # the site frame's home page
        return shown["languages"], shown["language"]
    if not hasattr(shown, "language_urls"):
        item = frame_item(request, shown) if isinstance(shown, Page) else None
        if item is not None:
            shown.language_urls = item["languages"], item["language"]
        else:
            shown.language_urls = _read_translation_urls(request, shown)
    return shown.language_urls


def _read_translation_urls(request, shown):
    # Set where the object was read with them: cms/routing.py, RegistryIndexPage.find_entry().
    translations = getattr(shown, "published_translations", None)
    if translations is None and isinstance(shown, Page):
        translations = shown.get_translations(inclusive=True).live().select_related("locale")
    elif translations is None:
        # The model's own definition of "public", so an expired or withdrawn translation is never linked.
        translations = shown.get_translations(inclusive=True).published().select_related("locale")
    urls, current = {}, None
    for translation in translations:
        code = translation.locale.language_code
        if translation.locale_id == shown.locale_id:
            current = code
        url = translation.get_url(request)
        if url:
            urls[code] = url
    return urls, current


@register.simple_tag(takes_context=True)
def section_page(context, model_label):
    """The section of the current language of the given type ("app_label.ModelName") as {title, url}, or None."""
    return section(context.get("request"), model_label)


@register.filter
def choice_labels(obj, field_name):
    """The display labels of a multiple-choice field's stored values, e.g. `offer|choice_labels:"cooperation_types"`."""
    field = obj._meta.get_field(field_name)
    labels = dict(field.item_choices)
    return [labels[value] for value in getattr(obj, field_name) or [] if value in labels]


@register.filter
def web_url(value):
    """A stored web address if a link to it is safe (http or https, nothing that leaves the attribute), else "".

    Forms and models refuse anything else; this keeps out what was stored before they did.
    """
    return value if is_web_url(value) else ""


@register.filter
def choice_label(obj, field_name):
    """The display label of a choice field's value, e.g. `entry|choice_label:"voivodeship"`.

    What `get_voivodeship_display` shows, for lists: Django's method makes every label of the
    field hashable, and so translates all of them, for each value it shows.
    """
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name).get(value, value)


@functools.cache
def _choice_labels(model, field_name):
    # The labels are lazy: each is translated when shown, into the active language.
    return dict(model._meta.get_field(field_name).flatchoices)


@register.simple_tag(takes_context=True)
def subpageurl(context, page, url_name, *args):
    """Wagtail's `routablepageurl`, with the page's URL from `get_url` (the site from the frame,
    cms/pages.py) rather than a lookup of the request's site for each link."""
    base_url = page.get_url(context.get("request"))
    if not base_url.endswith("/"):
        base_url += "/"
    return base_url + page.reverse_subpage(url_name, args=args)

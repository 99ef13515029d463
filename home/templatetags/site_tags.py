"""Template tags for the site frame: site name, navigation, language switcher and home page tiles."""

from django import template
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext

from wagtail.models import Page, Site

from newsletter.models import NewsletterPage
from registry.models import CompanyIndexPage, OfferIndexPage

register = template.Library()


def _current_home_page(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    # The site's root is the Polish home page; `.localized` swaps in the live translation of the active language.
    return site.root_page.localized


@register.simple_tag
def site_name():
    """The site name in the active language (WAGTAIL_SITE_NAME is translated, a Site's name is not)."""
    return str(settings.WAGTAIL_SITE_NAME)


@register.simple_tag(takes_context=True)
def current_home_page(context):
    """The home page of the active language, or None when no site matches the request."""
    return _current_home_page(context.get("request"))


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """Live, public children of the current language's home page that are shown in menus, in tree order.

    Each page gets an `active` attribute: True when the page being shown is that page or lies below it.
    """
    home = _current_home_page(context.get("request"))
    if home is None:
        return []
    current_path = getattr(context.get("page"), "url_path", None) or ""
    nav_pages = list(home.get_children().live().public().in_menu())
    for nav_page in nav_pages:
        nav_page.active = current_path.startswith(nav_page.url_path)
    return nav_pages


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the translations of the object being shown: [{code, name, url, current}], in settings order.

    A registry entry (`company` or `offer`, shown below its index page) wins over the index `page`
    itself; with neither, the home pages of the languages are linked. Only published translations appear.
    """
    request = context.get("request")
    entry = context.get("company") or context.get("offer")
    page = context.get("page")

    if entry is not None:
        shown = entry
        # The model's own definition of "public", so an expired or withdrawn translation is never linked.
        translations = entry.get_translations(inclusive=True).published().select_related("locale")
    else:
        shown = page if isinstance(page, Page) else _current_home_page(request)
        if shown is None:
            return []
        translations = shown.get_translations(inclusive=True).live().select_related("locale")

    links = {}
    for translation in translations:
        url = translation.get_url(request)
        if url:
            links[translation.locale.language_code] = {"url": url, "current": translation.locale_id == shown.locale_id}

    return [
        {"code": code, "name": name, **links[code]}
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code in links
    ]


@register.simple_tag
def child_page(parent, model_label):
    """The first live, public child of `parent` of the given type ("app_label.ModelName"), or None."""
    if parent is None:
        return None
    model = apps.get_model(model_label)
    return parent.get_children().live().public().type(model).specific().first()


@register.simple_tag
def home_tiles(home_page):
    """The tiles of the home page: [{page, description}] for the databases and the newsletter that exist."""
    children = list(
        home_page.get_children().live().public().type(CompanyIndexPage, OfferIndexPage, NewsletterPage).specific()
    )

    def first(model, listing=None):
        for child in children:
            if isinstance(child, model) and (listing is None or child.listing == listing):
                return child
        return None

    tiles = [
        (
            first(OfferIndexPage, OfferIndexPage.Listing.SERVICES),
            gettext("Services offered by companies and institutions in the region."),
        ),
        (
            first(OfferIndexPage, OfferIndexPage.Listing.OFFERS),
            gettext("Business, technology and research cooperation offers and requests."),
        ),
        (
            first(CompanyIndexPage),
            gettext("Companies and institutions of the region and their profiles."),
        ),
        (
            first(NewsletterPage),
            gettext("News from the agency and the clusters in your inbox."),
        ),
    ]
    return [{"page": page, "description": description} for page, description in tiles if page is not None]


@register.filter
def choice_labels(obj, field_name):
    """The display labels of a multiple-choice field's stored values, e.g. `offer|choice_labels:"cooperation_types"`."""
    field = obj._meta.get_field(field_name)
    labels = dict(field.item_choices)
    return [labels[value] for value in getattr(obj, field_name) or [] if value in labels]

"""What every page shows of the agency (cms/agency.py): its name, logo, icons, contacts, funding
marks and the links to the pages the law requires, in the reader's language.

Read once per site and language and kept under the content generation like the site frame (the
`site_frame` layer), so a page spends no query on them; saving the settings moves the generation
(cms/signal_handlers.py), which refreshes every kept page.
"""

from django.apps import apps
from django.conf import settings
from django.utils.translation import get_language

from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from .agency import AgencySettings
from .cache import per_request
from .generation import remember
from .site_frame import find_site

# The page types of the statutory pages, by label: the platform imports no content app.
LEGAL_PAGES = {"accessibility": "home.AccessibilityStatementPage", "privacy": "home.PrivacyPolicyPage"}


def _language():
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in ("pl", "en") else settings.LANGUAGE_CODE


def _rendition(image, spec):
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:  # the file is lost (a restore without media): the frame does without it
        return None
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}


def _legal_pages(request, language):
    pages = {}
    for key, label in LEGAL_PAGES.items():
        try:
            model = apps.get_model(label)
        except LookupError:  # not installed (yet): the footer leaves the link out
            continue
        page = model.objects.live().public().filter(locale__language_code=language).first()
        url = page.get_url(request) if page else None
        if url:
            pages[key] = {"title": page.title, "url": url}
    return pages


def _build(request, site, language):
    # Read, never created here: a row saved while a page renders would move the content generation.
    agency = AgencySettings.objects.filter(site=site).select_related("logo", "icon").first() if site else None
    agency = agency or AgencySettings()

    def text(field):
        return getattr(agency, f"{field}_{language}") or getattr(agency, f"{field}_pl")

    name = text("name") or str(settings.WAGTAIL_SITE_NAME)
    marks = []
    for block in agency.funding_marks:
        value = block.value
        image = _rendition(value["image"], "height-80")
        if image:
            marks.append({**image, "alt": value[f"alt_{language}"] or value["alt_pl"], "link": value["url"]})
    return {
        "name": name,
        "short_name": text("short_name") or name,
        "description": text("description"),
        "logo": _rendition(agency.logo, "height-96"),
        "icon": _rendition(agency.icon, "fill-32x32|format-png"),
        "touch_icon": _rendition(agency.icon, "fill-180x180|format-png"),
        "address_lines": [line.strip() for line in agency.address.splitlines() if line.strip()],
        "phone": agency.phone,
        "email": agency.email,
        "nip": agency.nip,
        "regon": agency.regon,
        "krs": agency.krs,
        "social_links": [{"label": block.value["label"], "url": block.value["url"]} for block in agency.social_links],
        "funding_marks": marks,
        "legal_pages": _legal_pages(request, language),
    }


def brand(request=None):
    """The agency as a dict, in the active language, for the request's site (or the default site)."""
    language = _language()
    if request is not None:
        site = find_site(request)
    else:
        # Kept like the request's site (cms/site_frame.py), so that no page spends a query on it.
        site = remember("site_frame:default-site", None, lambda: Site.objects.filter(is_default_site=True).first())
    identity = (site.pk if site else None, language)
    return per_request(
        ("brand", identity), lambda: remember("site_frame:brand", identity, lambda: _build(request, site, language))
    )


def agency_name(request=None):
    """The agency's name in the active language: the settings', else WAGTAIL_SITE_NAME."""
    return brand(request)["name"]

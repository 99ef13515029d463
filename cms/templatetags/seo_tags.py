"""Search-engine and social metadata for the page being shown: canonical URL, description,
hreflang alternates, Open Graph and schema.org JSON-LD."""

import json
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from wagtail.models import Page

from cms.brand import agency_name
from cms.seo import page_metadata

from .site_tags import language_links

register = template.Library()

OG_LOCALES = {"pl": "pl_PL", "en": "en_GB"}


def _json_ld(data):
    # "<" escaped so that no value can close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308


@register.simple_tag(takes_context=True)
def seo_data(context):
    """A dict for templates/includes/seo.html, or None when nothing is being shown (error pages)."""
    request = context.get("request")
    entry = context.get("company") or context.get("offer")
    page = context.get("page")
    # Absolute URLs come from the Wagtail Site's configured root, not from the request's Host header.
    if entry is not None:
        url = entry.full_url
        data = entry.seo_metadata(url, request)
    elif isinstance(page, Page):
        page = page.specific
        url = page.get_full_url(request)
        data = {**page_metadata(page), **(page.seo_metadata(url, request) if hasattr(page, "seo_metadata") else {})}
    else:
        return None
    language = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    data.update(
        url=url,
        site_name=agency_name(request),
        og_locale=OG_LOCALES.get(language, language),
        # Only translations of this page are its alternates, not the switcher's links to a page above it.
        alternates=[
            {"code": link["code"], "url": urljoin(url, link["url"])}
            for link in language_links(context)
            if not link["fallback"]
        ],
    )
    data.setdefault("image", "")
    data.setdefault("json_ld", None)
    if data["json_ld"]:
        data["json_ld"] = _json_ld(data["json_ld"])
    return data

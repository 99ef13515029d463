"""Search-engine and social metadata for the page being shown: canonical URL, description,
hreflang alternates, Open Graph and schema.org JSON-LD."""

import json
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from wagtail.models import Page

from articles.models import SOCIAL_IMAGE, ArticlePage
from home.models import HomePage

from .site_tags import language_links

register = template.Library()

OG_LOCALES = {"pl": "pl_PL", "en": "en_GB"}


def _plain(text, length=160):
    return Truncator(" ".join(strip_tags(str(text or "")).split())).chars(length)


def _json_ld(data):
    # "<" escaped so that no value can close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308


def _image_url(base, image):
    # Renditions on object storage already have absolute URLs; urljoin keeps them.
    return urljoin(base, image.get_rendition(SOCIAL_IMAGE).url) if image else ""


def _organization(url):
    return {"@type": "Organization", "name": str(settings.WAGTAIL_SITE_NAME), "url": url}


def _describe_entry(base, entry):
    if hasattr(entry, "nip"):  # a company
        return {
            "title": entry.name,
            "description": _plain(entry.description),
            "og_type": "profile",
            "json_ld": {
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": entry.name,
                "url": entry.website or entry.full_url,
                "taxID": entry.nip,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": entry.street,
                    "postalCode": entry.postal_code,
                    "addressLocality": entry.city,
                    "addressRegion": entry.get_voivodeship_display(),
                    "addressCountry": "PL",
                },
            },
        }
    return {"title": entry.title, "description": _plain(entry.summary), "og_type": "article", "json_ld": None}


def _describe_page(base, page, request):
    page = page.specific
    description = page.search_description or getattr(page, "lead", "") or getattr(page, "intro", "")
    data = {
        "title": page.seo_title or page.title,
        "description": _plain(description),
        "og_type": "website",
        "json_ld": None,
    }
    if isinstance(page, ArticlePage):
        home = page.get_parent().get_parent()
        # With the request, Wagtail reads the site's root paths once per request, not once per page.
        home_url = urljoin(base, home.get_url(request) if home else "/")
        data["og_type"] = "article"
        data["image"] = _image_url(base, page.header_image)
        modified = page.last_published_at or page.latest_revision_created_at
        data["json_ld"] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page.title,
            "description": data["description"],
            "datePublished": page.date.isoformat(),
            "dateModified": modified.isoformat() if modified else page.date.isoformat(),
            "inLanguage": page.locale.language_code,
            "author": {"@type": "Person", "name": page.author} if page.author else _organization(home_url),
            "publisher": _organization(home_url),
            "mainEntityOfPage": base,
            **({"image": [data["image"]]} if data["image"] else {}),
        }
    elif isinstance(page, HomePage):
        data["json_ld"] = {"@context": "https://schema.org", **_organization(base)}
    return data


@register.simple_tag(takes_context=True)
def seo_data(context):
    """A dict for templates/includes/seo.html, or None when nothing is being shown (error pages)."""
    request = context.get("request")
    entry = context.get("company") or context.get("offer")
    page = context.get("page")
    # Absolute URLs come from the Wagtail Site's configured root, not from the request's Host header.
    if entry is not None:
        url = entry.full_url
        data = _describe_entry(url, entry)
    elif isinstance(page, Page):
        url = page.get_full_url(request)
        data = _describe_page(url, page, request)
    else:
        return None
    language = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    data.update(
        url=url,
        site_name=str(settings.WAGTAIL_SITE_NAME),
        og_locale=OG_LOCALES.get(language, language),
        alternates=[{"code": link["code"], "url": urljoin(url, link["url"])} for link in language_links(context)],
    )
    data.setdefault("image", "")
    if data["json_ld"]:
        data["json_ld"] = _json_ld(data["json_ld"])
    return data

"""What pages and entries tell search engines and social sites about themselves.

A page or entry may define `seo_metadata(url, request)` returning a dict with any of "title",
"description", "og_type", "image", "image_alt" and "json_ld" (a schema.org dict); cms/templatetags/seo_tags.py
fills in the rest for every page.
"""

from urllib.parse import urljoin

from django.utils.html import strip_tags
from django.utils.text import Truncator

from .brand import agency_name, brand


def plain(text, length=160):
    """Text without markup, on one line, at most `length` characters: a meta description."""
    return Truncator(" ".join(strip_tags(str(text or "")).split())).chars(length)


def organization(url):
    """The agency as schema.org's Organization."""
    return {"@type": "Organization", "name": agency_name(), "url": url}


def image_url(base, image, spec):
    """The absolute URL of an image's rendition, or "" without an image."""
    # Renditions on object storage already have absolute URLs; urljoin keeps them.
    return urljoin(base, image.get_rendition(spec).url) if image else ""


def page_metadata(page):
    """What any page says of itself: its SEO title and description, as a website."""
    description = page.search_description or getattr(page, "lead", "") or getattr(page, "intro", "")
    # A page with nothing to say of itself is described by the agency's settings.
    description = description or brand()["description"]
    return {"title": page.seo_title or page.title, "description": plain(description), "og_type": "website"}

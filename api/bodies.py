"""Rich text and StreamField bodies as HTML, rendered with the site's own block templates.

Links and embeds carry what they lead to: `<a href="/aktualnosci/klastry/" data-type="article"
data-id="12">`, `<img data-type="image" data-id="5" …>`, so a downstream site can route them
itself. A link to what a reader cannot open (a draft, a private page, a private document, a deleted
one) is left as its text, never with the target's address. Addresses are site-relative unless the
answer wants them absolute (`?links=absolute`, api/addresses.py). Nothing depends on the request:
no CSP nonce, no user.
"""

import functools
import hashlib
import re
from typing import Literal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText, features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import create_model

from articles.models import ArticlePage
from clusters.models import ClusterPage
from cms.documents import PublicDocumentLinkHandler, is_public_document, without_empty_links
from cms.privacy import private_q

from .addresses import html_links

EMBED_RETRY_SECONDS = 600

# The API's `type` of a page a link leads to; any other page is a "page".
PAGE_TYPES = ((ArticlePage, "article"), (ClusterPage, "cluster"))


class LinkParams(Schema):
    links: Literal["relative", "absolute"] = Field(
        "relative",
        description="Addresses inside HTML (`body_html`, rich text): site-relative paths (`/aktualnosci/…`), "
        "or absolute on the API's base URL.",
    )


@functools.cache
def with_links(params):
    """`params` taking `links` too (detail endpoints, whose parameters are read as they are)."""
    return create_model(f"{params.__name__}WithLinks", __base__=(params, LinkParams))


def links_param(request):
    """The `links` of a request: "relative" (the default) or "absolute"; 400 for anything else."""
    value = request.GET.get("links", "relative") if request is not None else "absolute"
    if value not in ("relative", "absolute"):
        raise HttpError(400, _("`links` must be `relative` or `absolute`."))
    return value


def page_type(page):
    return next((name for model, name in PAGE_TYPES if isinstance(page, model)), "page")


def page_path(page, request=None):
    """The page's address relative to its site's root, or None when it is not routable."""
    parts = page.get_url_parts(request)
    return parts[2] if parts else None


def embed_html(url):
    """A provider's embed code, or None. Wagtail keeps embeds it found; one it could not find is not
    asked for again for a while, so that a provider that is down does not slow every answer down."""
    failed_key = "api:embed-not-found:" + hashlib.sha256(url.encode()).hexdigest()
    if cache.get(failed_key):
        return None
    try:
        return get_embed(url).html
    except EmbedException:
        cache.set(failed_key, True, EMBED_RETRY_SECONDS)
        return None


def marked(html, tag, kind, pk):
    """`html` whose first `<tag …>` carries `data-type` and `data-id`."""
    return re.sub(rf"<{tag}(?=[\s>/])", f'<{tag} data-type="{kind}" data-id="{pk}"', html, count=1)


# Rules for Wagtail's rich text rewriter: each turns a list of stored tags' attributes into HTML.


def _visible_pages(ids):
    """The live, public pages among these ids (in the active language where translated), by id."""
    ids = [str(pk) for pk in ids if str(pk).isdigit()]
    pages = Page.objects.live().filter(pk__in=ids).exclude(private_q()).defer_streamfields().specific()
    shown = {str(page.pk): page.localized for page in pages}
    # A translation is live (Wagtail's `localized`), but may sit in a private part of the tree.
    translated = {page.pk for page in shown.values()} - {int(pk) for pk in shown}
    if translated:
        private = set(Page.objects.filter(pk__in=translated).filter(private_q()).values_list("pk", flat=True))
        shown = {pk: page for pk, page in shown.items() if page.pk not in private}
    return shown


def _page_links(attrs_list):
    pages = _visible_pages(attrs.get("id") for attrs in attrs_list)
    tags = []
    for attrs in attrs_list:
        page = pages.get(str(attrs.get("id")))
        path = page_path(page) if page else None
        tags.append(
            format_html('<a href="{}" data-type="{}" data-id="{}">', path, page_type(page), page.pk) if path else "<a>"
        )
    return tags


def _document_links(attrs_list):
    return [
        format_html('<a href="{}" data-type="document" data-id="{}">', doc.url, doc.pk)
        if is_public_document(doc)
        else "<a>"
        for doc in PublicDocumentLinkHandler.get_many(attrs_list)
    ]


def _media_embeds(attrs_list):
    return [embed_block_html(attrs.get("url", "")) for attrs in attrs_list]


def _image_embeds(attrs_list):
    handler = features.get_embed_types()["image"]
    images = handler.get_many(attrs_list)
    rendered = handler.expand_db_attributes_many(attrs_list)
    return [marked(tag, "img", "image", img.pk) if img else tag for img, tag in zip(images, rendered, strict=True)]


@functools.cache
def _rewriter():
    link_rules = {kind: handler.expand_db_attributes_many for kind, handler in features.get_link_types().items()}
    link_rules.update(page=_page_links, document=_document_links)
    embed_rules = {kind: handler.expand_db_attributes_many for kind, handler in features.get_embed_types().items()}
    embed_rules.update(media=_media_embeds, image=_image_embeds)
    return MultiRuleRewriter([LinkRewriter(bulk_rules=link_rules), EmbedRewriter(bulk_rules=embed_rules)])


def expand(source):
    """Stored rich text as HTML: links and embeds resolved and marked, links that lead nowhere dropped."""
    return without_empty_links(_rewriter()(source)) if source else ""


def rich_text(source):
    """A rich text field as the API serves it (addresses relative or absolute as the answer wants)."""
    return html_links(expand(source))


class _RichText(RichText):
    """Rich text that a block template prints (`{{ value }}`) with the API's links."""

    def __html__(self):
        return render_to_string("wagtailcore/shared/richtext.html", {"html": expand(self.source)})


def embed_block_html(url):
    if not url:
        return ""
    html = embed_html(url)
    # Without the provider's code (unknown or down), a plain link still leads to the media.
    inner = format_html('<a href="{}">{}</a>', url, url) if html is None else html
    return format_html('<div class="embed" data-type="embed" data-url="{}">{}</div>', url, inner)


def _render(child):
    block, value = child.block, child.value
    if isinstance(block, blocks.RichTextBlock):
        return block.render(_RichText(value.source))
    if isinstance(block, EmbedBlock):
        return embed_block_html(value.url if value else "")
    html = child.render()
    if isinstance(block, blocks.StructBlock):
        # The image or document a block shows, marked with its id (the block's template renders it).
        for item in value.values():
            if isinstance(item, get_image_model()):
                html = marked(html, "img", "image", item.pk)
            elif isinstance(item, get_document_model()) and is_public_document(item):
                html = marked(html, "a", "document", item.pk)
    return html


def body_html(stream):
    """A StreamField body rendered as on the site, block by block, with the API's links."""
    return html_links("".join(str(_render(child)) for child in stream))

"""Documents as readers see them: one in a private collection is never listed, linked or named.

A collection with a view restriction (password, staff or groups) makes every document in it and
in the collections below it private. Their ids are read once per change of content (saving or
deleting a restriction, a collection or a document moves the generation on, cms/signal_handlers.py)
under the `view_restrictions` layer, so a page that links documents spends no query on them.
Pages are rendered for the anonymous reader (that is what the whole-page cache keeps), so a link
to a private document is plain text for staff too; they open it from the admin.
"""

import re

from django.db.models import Q
from django.utils.html import escape

from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Collection, CollectionViewRestriction

from .generation import remember

# What a link handler leaves of a link that leads nowhere: Wagtail's own for a deleted document or
# page, ours for a private document. Rich text never nests links, so the first </a> closes it.
EMPTY_LINK = re.compile(r"<a>(.*?)</a>", re.DOTALL)


def private_collection_ids():
    """The ids of the collections with a view restriction, and of every collection below them."""

    def read():
        paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
        if not paths:
            return frozenset()
        below = Q()
        for path in paths:
            below |= Q(path__startswith=path)
        return frozenset(Collection.objects.filter(below).values_list("pk", flat=True))

    return remember("view_restrictions:collections", (), read)


def is_public_document(document):
    """Whether an anonymous reader may open the document."""
    return document is not None and document.collection_id not in private_collection_ids()


def public_documents():
    """The documents an anonymous reader may open: the one definition for the API and the site."""
    return get_document_model().objects.exclude(collection_id__in=private_collection_ids())


def without_empty_links(html):
    """Rich text with each link that leads nowhere (`<a>` without an address) replaced by its text."""
    return EMPTY_LINK.sub(r"\1", html)


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Rich text links to documents: to a private one, an empty `<a>` that `without_empty_links` removes."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(document.url)}">' if is_public_document(document) else "<a>"
            for document in cls.get_many(attrs_list)
        ]

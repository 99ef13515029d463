"""Documents in templates as readers may see them (cms/documents.py)."""

from django import template
from django.utils.safestring import mark_safe

from cms import documents

register = template.Library()


@register.filter
def is_public_document(document):
    """Whether an anonymous reader may open the document (else it is neither linked nor named)."""
    return documents.is_public_document(document)


@register.filter
def unlink_empty(html):
    """Rich text HTML with each link that leads nowhere shown as its text: the filter of the
    project's templates/wagtailcore/shared/richtext.html, which every rich text goes through."""
    # Wagtail's own template marks the expanded rich text safe; taking <a> and </a> out keeps it so.
    return mark_safe(documents.without_empty_links(str(html)))  # noqa: S308

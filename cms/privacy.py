"""Which parts of the page tree are private (have a view restriction), read once per change.

Wagtail answers "is this page private?" with two queries per page served and one more for every
`.public()` queryset. Restrictions are few and rarely change, so their tree paths are read once
and kept under the content generation: saving or deleting a restriction, moving or deleting a page
moves it on (cms/signal_handlers.py), and the next request reads them anew (the
`view_restrictions` layer; switched off, Wagtail's own queries are made).
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from .generation import layer_on, remember

STEP_LENGTH = Page.steplen


def private_paths():
    """The tree paths below which (inclusive) every page is private, as a tuple of strings."""

    def read():
        restricted = list(PageViewRestriction.objects.values_list("page_id", "page__path"))
        ids = {page_id for page_id, _path in restricted}
        # Wagtail gives an alias its source page's restrictions, wherever the alias sits in the tree.
        aliases = Page.objects.filter(alias_of_id__in=ids).values_list("path", flat=True) if ids else []
        return tuple(sorted({path for _id, path in restricted} | set(aliases)))

    return remember("view_restrictions", (), read)


def is_private(path):
    """Whether the page at this tree path, or one of its ancestors, has a view restriction."""
    return any(path.startswith(private) for private in private_paths())


def private_q():
    """A filter matching the pages in a private part of the tree (Wagtail's `private_q`, without a query)."""
    if not layer_on("view_restrictions"):
        return PageQuerySet(model=Page).private_q()
    q = Q()
    for path in private_paths():
        q |= Q(path__startswith=path, depth__gte=len(path) // STEP_LENGTH)
    return q if q else Q(pk__in=[])


class PublicPageQuerySet(PageQuerySet):
    """`.public()` and `.not_public()` that spend no query on the view restrictions."""

    def private_q(self):
        return private_q()


class KnownRestrictionsMixin:
    """A page whose serving spends no query on view restrictions when its part of the tree has none."""

    def get_view_restrictions(self):
        if layer_on("view_restrictions") and self.path and not is_private(self.path):
            return PageViewRestriction.objects.none()
        # A restriction applies: Wagtail's own lookup, aliases and all.
        return super().get_view_restrictions()

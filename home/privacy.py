"""Which parts of the page tree are private (have a view restriction), read once per change.

Wagtail answers "is this page private?" with two queries per page served and one more for every
`.public()` queryset. Restrictions are few and rarely change, so their tree paths are read once
and kept in the cache under the page cache's version: saving or deleting a restriction, moving
or deleting a page bumps that version (home/page_cache.py), and the next request reads them anew.
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

STEP_LENGTH = Page.steplen


def private_paths():
    """The tree paths below which (inclusive) every page is private, as a tuple of strings."""
    # The page cache imports the registry, which imports this module.
    from .page_cache import current_version, remember

    def read():
        restricted = list(PageViewRestriction.objects.values_list("page_id", "page__path"))
        ids = {page_id for page_id, _path in restricted}
        # Wagtail gives an alias its source page's restrictions, wherever the alias sits in the tree.
        aliases = Page.objects.filter(alias_of_id__in=ids).values_list("path", flat=True) if ids else []
        return tuple(sorted({path for _id, path in restricted} | set(aliases)))

    return remember("private-paths", (), read, generation=current_version(), timeout=3600)


def is_private(path):
    """Whether the page at this tree path, or one of its ancestors, has a view restriction."""
    return any(path.startswith(private) for private in private_paths())


def private_q():
    """A filter matching the pages in a private part of the tree (Wagtail's `private_q`, without a query)."""
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
        if self.path and not is_private(self.path):
            return PageViewRestriction.objects.none()
        # A restriction applies: Wagtail's own lookup, aliases and all.
        return super().get_view_restrictions()

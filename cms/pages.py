"""What every page type of the portal shares below Wagtail's Page."""

from .privacy import KnownRestrictionsMixin
from .site_frame import find_site


class PortalPageMixin(KnownRestrictionsMixin):
    """A page whose serving spends no query on view restrictions where its part of the tree has
    none, and whose links name the request's site from the site frame.

    Wagtail's `get_url(request)` looks the site up with a query per request (about a third of a
    small page's time); given the site (`current_site`, a parameter of Wagtail's own signature),
    it does not.
    """

    def get_url(self, request=None, current_site=None):
        if current_site is None and request is not None:
            current_site = find_site(request)
        return super().get_url(request=request, current_site=current_site)

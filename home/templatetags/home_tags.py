"""Template tags of the home page: the tiles for the databases, the newsletter and taking part."""

from django import template
from django.utils.translation import gettext

from accounts.links import home_tiles as participation_tiles
from cms.site_frame import section
from registry.models import OfferIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def home_tiles(context):
    """The tiles of the home page: [{title, url, description}] for the databases and the newsletter that exist."""
    request = context.get("request")
    tiles = [
        (
            section(request, "registry.OfferIndexPage", OfferIndexPage.Listing.SERVICES),
            gettext("Services offered by companies and institutions in the region."),
        ),
        (
            section(request, "registry.OfferIndexPage", OfferIndexPage.Listing.OFFERS),
            gettext("Business, technology and research cooperation offers and requests."),
        ),
        (
            section(request, "registry.CompanyIndexPage"),
            gettext("Companies and institutions of the region and their profiles."),
        ),
        (
            section(request, "newsletter.NewsletterPage"),
            gettext("News from the agency and the clusters in your inbox."),
        ),
    ]
    tiles = [{**item, "description": description} for item, description in tiles if item is not None]
    return tiles + participation_tiles()

"""The participation links that other apps' templates show."""

from django import template

register = template.Library()


@register.inclusion_tag("accounts/includes/interest_link.html")
def interest_link(offer):
    """The "Express interest" invitation on a published offer's page (not on previews of drafts).

    A link rather than the form itself: a form's CSRF token would keep the offer's page out of the page cache.
    """
    return {"offer": offer if offer.pk and offer.live else None}

"""Invitations to take part, shown by the site frame (the home page tiles)."""

from django.urls import reverse
from django.utils.translation import gettext


def home_tiles():
    """The home page tiles that lead to the forms: [{title, url, description}]."""
    return [
        {
            "title": gettext("Add an offer"),
            "url": reverse("accounts:offer_add"),
            "description": gettext("Publish your company's offer or request, after a review by our editors."),
        },
        {
            "title": gettext("Add a company"),
            "url": reverse("accounts:company_add"),
            "description": gettext("Put your company in the regional database: sign up and fill in its profile."),
        },
    ]

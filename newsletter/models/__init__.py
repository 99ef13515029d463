"""The newsletter page, its subscribers with their record of consent, and the digests sent to them."""

from .subscribers import CONSENT_WORDING, Consent, Digest, DigestDelivery, Subscriber, SubscriberQuerySet

# isort: split
# Last: the page's view imports the subscribers' models through the modules above.
from .pages import NewsletterPage

__all__ = [
    "CONSENT_WORDING",
    "Consent",
    "Digest",
    "DigestDelivery",
    "NewsletterPage",
    "Subscriber",
    "SubscriberQuerySet",
]

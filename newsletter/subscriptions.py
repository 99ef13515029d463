"""Signing up, confirming (double opt-in) and unsubscribing."""

from django.db import transaction
from django.utils import timezone, translation

from .mail import CONFIRM_SALT, UNSUBSCRIBE_SALT, confirmation_max_age, read_token, send_confirmation
from .models.subscribers import CONSENT_WORDING, Consent, Subscriber
from .topics import Topic


def sign_up(email, language, topics, ip_address=None):
    """Record the consent and e-mail a confirmation link; an address already confirmed is left as it is.

    The answer to the reader is the same in every case, so the form does not reveal who is subscribed.
    """
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscriber.is_active:
            # Someone else may be typing this address: a confirmed subscriber's choices change only by them.
            return subscriber
        subscriber.language = language
        for topic in Topic:
            setattr(subscriber, topic.value, topic.value in topics)
        subscriber.confirmed_at = None
        subscriber.unsubscribed_at = None
        subscriber.save()
        # The wording as the reader saw it: in the page's language, which may differ from the newsletter's.
        Consent.objects.create(
            subscriber=subscriber,
            wording=str(CONSENT_WORDING),
            language=translation.get_language(),
            ip_address=ip_address or None,
        )
        send_confirmation(subscriber)  # queued: it leaves once the consent is committed
    return subscriber


def _subscriber_for(token, salt, max_age=None):
    value = read_token(token, salt, max_age)
    if value is None:
        return None
    pk, email = value
    return Subscriber.objects.filter(pk=pk, email=email).first()


def subscriber_to_confirm(token):
    return _subscriber_for(token, CONFIRM_SALT, confirmation_max_age())


def subscriber_to_unsubscribe(token):
    return _subscriber_for(token, UNSUBSCRIBE_SALT)


def confirm(subscriber):
    """Confirm once; an old confirmation link cannot re-subscribe someone who has since unsubscribed."""
    if subscriber.confirmed_at is None and subscriber.unsubscribed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber.is_active


def unsubscribe(subscriber):
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])

"""The account holder's copy of their data (RODO art. 15): everything the account submitted, as JSON.

Keys are English so that the file stays machine-readable whatever the reader's language. Messages
other readers sent about the account's offers are their personal data: only their number is given.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from comments.models import Comment
from newsletter.models import Subscriber
from registry.models import Offer

from .models import Interest
from .submissions import entries_of

# Bookkeeping of Wagtail and the translation machinery: nothing the account wrote.
INTERNAL_FIELDS = {"submitted_by", "latest_revision", "live_revision", "translation_key", "locked_by", "locked_at"}


def export_for(user):
    companies, offers = entries_of(user)
    return {
        "generated_at": timezone.now(),
        "account": {
            "email": user.email,
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "companies": [entry_data(status) for status in companies],
        "offers": [entry_data(status) for status in offers],
        "interests_sent": [interest_data(interest) for interest in interests_sent_by(user)],
        "comments": [
            comment_data(comment) for comment in Comment.objects.filter(author=user).select_related("article")
        ],
        "newsletter_subscriptions": [
            subscription_data(subscriber) for subscriber in subscriptions_of(user).prefetch_related("consents")
        ],
    }


def export_json(user):
    return json.dumps(export_for(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def interests_sent_by(user):
    return Interest.objects.filter(email__iexact=user.email) if user.email else Interest.objects.none()


def subscriptions_of(user):
    return Subscriber.objects.filter(email__iexact=user.email) if user.email else Subscriber.objects.none()


def entry_data(status):
    """The entry as last submitted (a draft or a change awaiting review included), with its moderation status."""
    entry = status.title  # the latest revision as an object
    data = {"status": status.code, "live": status.entry.live, "moderator_comment": status.comment}
    for field in entry._meta.concrete_fields:
        if field.name in INTERNAL_FIELDS or field.name == "id":
            continue
        value = field.value_from_object(entry)
        if field.name == "locale":
            value = entry.locale.language_code
        data[field.name] = value
    data["id"] = status.entry.pk
    data["sectors"] = [sector.name for sector in entry.sectors.all()]
    if isinstance(status.entry, Offer):
        data["interests_received"] = Interest.objects.filter(offer=status.entry).count()
    return data


def interest_data(interest):
    return {
        "offer_title": interest.offer_title,
        "company": interest.company_name,
        "name": interest.name,
        "email": interest.email,
        "message": interest.message,
        "sent_at": interest.created_at,
    }


def comment_data(comment):
    return {
        "article": comment.article.title,
        "article_url": comment.article.full_url,
        "text": comment.body,
        "status": comment.status,
        "posted_at": comment.created_at,
        "ip_address": comment.ip_address,
    }


def subscription_data(subscriber):
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "topics": [str(topic.value) for topic in subscriber.topics],
        "signed_up_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "consents": [
            {
                "given_at": consent.given_at,
                "wording": consent.wording,
                "language": consent.language,
                "ip_address": consent.ip_address,
            }
            for consent in subscriber.consents.all()
        ],
    }

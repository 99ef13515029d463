"""Digests: what was published between two cut-offs, sent once to each confirmed subscriber."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.models import Locale

from articles.models import ArticlePage
from clusters.models import ClusterPage
from cms import outbox
from registry.models import Offer

from .mail import build_message
from .models import Digest, DigestDelivery, Subscriber
from .topics import Topic


def open_digest(now=None):
    """The unfinished digest to resume, else a new one covering what appeared since the last cut-off."""
    unfinished = Digest.objects.filter(completed_at__isnull=True).order_by("cutoff").first()
    if unfinished is not None:
        return unfinished
    now = now or timezone.now()
    previous = Digest.objects.order_by("-cutoff").first()
    since = previous.cutoff if previous else now - datetime.timedelta(days=settings.NEWSLETTER_FIRST_DIGEST_DAYS)
    return Digest.objects.create(since=since, cutoff=now)


def sections_for(digest, language, topics):
    """The digest's sections in one language, each a title and a list of {title, url}; empty ones left out."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    window = {"first_published_at__gt": digest.since, "first_published_at__lte": digest.cutoff}
    sources = {
        Topic.NEWS: (gettext("News"), ArticlePage.objects.published(locale).filter(**window)),
        Topic.OFFERS: (gettext("Offers and services"), Offer.objects.published(locale).filter(**window)),
        Topic.CLUSTERS: (gettext("Clusters"), ClusterPage.objects.published(locale).filter(**window)),
    }
    sections = []
    for topic in topics:
        title, queryset = sources[topic]
        items = [{"title": str(item), "url": item.full_url} for item in queryset.order_by("first_published_at")]
        if items:
            sections.append({"title": title, "items": items})
    return sections


def pending_subscribers(digest):
    """Confirmed subscribers who have no delivery of this digest yet."""
    return Subscriber.objects.confirmed().exclude(deliveries__digest=digest).order_by("pk")


def deliver(digest, subscriber, cache):
    """Queue one subscriber's copy unless they have one; returns True when a message was queued.

    The delivery row is the claim: the unique constraint makes a second claim fail.
    """
    topics = tuple(subscriber.topics)
    key = (subscriber.language, topics)
    if key not in cache:
        with translation.override(subscriber.language):
            cache[key] = sections_for(digest, subscriber.language, topics)
    sections = cache[key]
    # The claim and the queued message commit together: a run killed in between leaves neither, and
    # the mail queue (cms/outbox.py) retries a message the mail server refuses, so none is sent twice.
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(
                digest=digest, subscriber=subscriber, items=sum(len(s["items"]) for s in sections)
            )
            if not sections:
                return False  # nothing new in their topics: recorded, nothing sent
            with translation.override(subscriber.language):
                subject = gettext("Newsletter: what is new")
            message = build_message(subscriber, subject, "newsletter/email/digest.txt", {"sections": sections})
            outbox.send_message("newsletter/digest", message)
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
    except IntegrityError:
        return False
    return True


def send_digest(digest, progress=lambda iterable, total: iterable):
    """Queue `digest` for everyone still waiting for it, then mark it completed; returns the number of messages."""
    subscribers = pending_subscribers(digest)
    sent = 0
    cache = {}
    for subscriber in progress(subscribers.iterator(), subscribers.count()):
        sent += deliver(digest, subscriber, cache)
    digest.completed_at = timezone.now()
    digest.save(update_fields=["completed_at"])
    return sent

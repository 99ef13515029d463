"""Digests: what was published in one language between two cut-offs, sent once to each confirmed subscriber.

The admin screen (newsletter/digest_views.py) and `manage.py send_digest` share these functions
and records, so neither can repeat what the other has sent.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from wagtail.models import Locale

from articles.models import ArticlePage
from clusters.models import ClusterPage
from cms import outbox
from registry.models import Offer

from .mail import build_message, preview_unsubscribe_url
from .models import Digest, DigestDelivery, Subscriber
from .topics import Topic

SUBJECT = gettext_lazy("Newsletter: what is new")
TEXT_TEMPLATE = "newsletter/email/digest.txt"
HTML_TEMPLATE = "newsletter/email/digest.html"


class StaleDigest(Exception):
    """The digest an editor previewed is no longer the next one: another was started meanwhile."""


def latest_digest(language):
    return Digest.objects.filter(language=language).order_by("-cutoff", "-pk").first()


def next_since(language, now=None):
    """Where the next digest of `language` starts: the previous one's cut-off, else a few days back."""
    previous = latest_digest(language)
    if previous is not None:
        return previous.cutoff
    return (now or timezone.now()) - datetime.timedelta(days=settings.NEWSLETTER_FIRST_DIGEST_DAYS)


def unfinished_digest(language):
    return Digest.objects.filter(language=language, completed_at__isnull=True).first()


def open_digest(language, now=None):
    """The unfinished digest of `language` to resume, else a new one covering what appeared since the last cut-off."""
    unfinished = unfinished_digest(language)
    if unfinished is not None:
        return unfinished
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return Digest.objects.create(language=language, since=next_since(language, now), cutoff=now)
    except IntegrityError:
        # Started by an editor (or another run) a moment ago: carry on with theirs.
        return unfinished_digest(language) or latest_digest(language)


def start_digest(language, since, user, now=None):
    """Start the digest an editor previewed (the one beginning at `since`); returns (digest, started).

    Pressing Send twice, or two editors at once, finds the digest already started instead of a
    second one: the database refuses a second digest with the same start, or a second unfinished one.
    """
    previous = latest_digest(language)
    if previous is not None and previous.since == since:
        return previous, False
    if previous is not None and (previous.cutoff != since or previous.completed_at is None):
        raise StaleDigest
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                language=language, since=since, cutoff=now or timezone.now(), created_by=user
            )
    except IntegrityError:
        started = Digest.objects.filter(language=language, since=since).first()
        if started is None:
            raise StaleDigest from None
        return started, False
    return digest, True


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


def preview(language, since, cutoff):
    """The next digest of `language` as a subscriber of every topic would get it, with no one's unsubscribe link."""
    digest = Digest(language=language, since=since, cutoff=cutoff)
    with translation.override(language):
        sections = sections_for(digest, language, list(Topic))
        context = {"sections": sections, "subscriber_language": language, "unsubscribe_url": preview_unsubscribe_url()}
        return {
            "sections": sections,
            "subject": str(SUBJECT),
            "text": render_to_string(TEXT_TEMPLATE, context),
            "html": render_to_string(HTML_TEMPLATE, context),
        }


def recipients(language):
    """Who a digest of `language` goes to: confirmed subscribers of that language."""
    return Subscriber.objects.confirmed().filter(language=language)


def pending_subscribers(digest):
    """Confirmed subscribers of the digest's language who have no delivery of it yet."""
    return recipients(digest.language).exclude(deliveries__digest=digest).order_by("pk")


def deliver(digest, subscriber, cache):
    """Queue one subscriber's copy unless they have one; returns True when a message was queued.

    The delivery row is the claim: the unique constraint makes a second claim fail.
    """
    topics = tuple(subscriber.topics)
    if topics not in cache:
        with translation.override(digest.language):
            cache[topics] = sections_for(digest, digest.language, topics)
    sections = cache[topics]
    # The claim and the queued message commit together: a run killed in between leaves neither, and
    # the mail queue (cms/outbox.py) retries a message the mail server refuses, so none is sent twice.
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(
                digest=digest, subscriber=subscriber, items=sum(len(s["items"]) for s in sections)
            )
            if not sections:
                return False  # nothing new in their topics: recorded, nothing sent
            message = build_message(subscriber, SUBJECT, TEXT_TEMPLATE, {"sections": sections}, HTML_TEMPLATE)
            delivery.mail = outbox.send_message("newsletter/digest", message)
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["mail", "sent_at"])
    except IntegrityError:
        return False
    return True


def complete(digest):
    Digest.objects.filter(pk=digest.pk, completed_at__isnull=True).update(completed_at=timezone.now())
    digest.refresh_from_db(fields=["completed_at"])


def send_batch(digest, size):
    """Queue the next `size` copies of `digest`; completes it when nobody is left. Returns True if more remain."""
    cache = {}
    for subscriber in pending_subscribers(digest)[:size]:
        deliver(digest, subscriber, cache)
    if pending_subscribers(digest).exists():
        return True
    complete(digest)
    return False


def send_digest(digest, progress=lambda iterable, total: iterable):
    """Queue `digest` for everyone still waiting for it, then mark it completed; returns the number of messages."""
    subscribers = pending_subscribers(digest)
    sent = 0
    cache = {}
    for subscriber in progress(subscribers.iterator(), subscribers.count()):
        sent += deliver(digest, subscriber, cache)
    complete(digest)
    return sent


def progress_of(digest):
    """How far `digest` has gone: copies waiting, messages queued, sent and failed, and copies with nothing new."""
    counts = digest.deliveries.aggregate(
        delivered=Count("pk"),
        nothing_new=Count("pk", filter=Q(sent_at__isnull=True)),
        queued=Count("pk", filter=Q(mail__status="queued")),
        sent=Count("pk", filter=Q(mail__status="sent")),
        failed=Count("pk", filter=Q(mail__status="failed")),
    )
    counts["waiting"] = 0 if digest.completed_at else pending_subscribers(digest).count()
    counts["recipients"] = counts["delivered"] + counts["waiting"]
    counts["in_progress"] = bool(counts["waiting"] or counts["queued"] or digest.completed_at is None)
    return counts

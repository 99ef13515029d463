"""The changes feed: a durable log of what became public, changed, stopped being public or was deleted.

Every change is decided against the resource's own `published()` queryset, so that the log tells a
copy exactly what the lists show: an item that is no longer public (unpublished, made private, an
offer of an unpublished company, an offer past its date) appears as `unpublished`, and an item that
never was public never appears at all. Entries hold kind, id, locale and action only; the client
reads the item from its endpoint.

Items whose answer shows another item (a cluster's members, an offer's company, names of sectors,
logos, an item's translations) are logged as updated with it, so that a copy refreshed from the
feed equals a fresh read of the lists.
"""

import datetime
from enum import StrEnum

from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from ninja import Field, Query, Schema
from ninja.errors import HttpError

from articles.models import ArticlePage
from clusters.models import ClusterPage
from registry.models import Company, Offer, Sector

from . import filters
from .models import ChangeLogEntry
from .payloads import api_url
from .resources import ARTICLES, CLUSTERS, COMPANIES, DOCUMENTS, IMAGES, OFFERS, SECTORS
from .schemas import Error
from .views import router

Action = ChangeLogEntry.Action
PUBLIC = (Action.CREATED, Action.UPDATED)
RESOURCES = (ARTICLES, CLUSTERS, COMPANIES, OFFERS, SECTORS, IMAGES, DOCUMENTS)
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


def resource_of(model):
    """The resource serving `model` (a page's specific class, a snippet, the image or document model)."""
    return next((resource for resource in RESOURCES if resource.model is model), None)


def last_action(kind, pk):
    return (
        ChangeLogEntry.objects.filter(kind=kind, object_id=pk).order_by("-pk").values_list("action", flat=True).first()
    )


def record(instance, event=None):
    """Log what `instance` now is to a reader; `event` is the signal's word ("unpublished", "deleted").

    Returns the action logged, or None when a reader sees no difference.
    """
    resource = resource_of(type(instance))
    if resource is None:
        return None
    last = last_action(resource.type, instance.pk)
    # Checked before a deletion, too: only an item a reader may have seen is announced as deleted.
    public = resource.published().filter(pk=instance.pk).exists()
    if event == "deleted":
        action = Action.DELETED if public or last in PUBLIC else None
    elif public:
        action = Action.UPDATED if last in PUBLIC else Action.CREATED
    elif last in PUBLIC or (last is None and event == "unpublished"):
        action = Action.UNPUBLISHED
    else:
        action = None
    if action is not None:
        locale = instance.locale.language_code if resource.translatable else ""
        append(kind=resource.type, object_id=instance.pk, locale=locale, action=action)
    return action


# Any constant: the key of the lock that orders the feed's entries on PostgreSQL.
FEED_LOCK = 0x6665656400


def append(**fields):
    """Add an entry to the feed, so that entries become visible in the order of their ids.

    PostgreSQL gives an id when a row is written, not when its transaction commits: a reader could
    see entry 11 while entry 10's transaction is still open, move its cursor past 10 and never read
    it. A lock held until the writing transaction ends makes the next writer wait, so a later id
    is never visible before an earlier one. (SQLite lets one transaction write at a time.)
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])
        ChangeLogEntry.objects.create(**fields)


def record_with_dependents(instance, event=None):
    action = record(instance, event)
    if action is not None:
        for dependent in dependents(instance):
            record(dependent)
    return action


def dependents(instance):
    """Other items whose public answer shows something of `instance`."""
    found = []
    if hasattr(instance, "translation_key"):
        # Each translation lists the others under `translations`.
        found += translations_of(instance)
    if isinstance(instance, Company):
        found += Offer.objects.filter(company=instance)
        found += ClusterPage.objects.filter(Q(coordinator=instance) | Q(members__company=instance)).distinct()
    elif isinstance(instance, Sector):
        group = Sector.objects.filter(translation_key=instance.translation_key)
        for model in (Company, Offer, ClusterPage):
            found += model.objects.filter(sectors__in=group).distinct()
    elif isinstance(instance, ClusterPage):
        clusters = ClusterPage.objects.filter(translation_key=instance.translation_key)
        found += ArticlePage.objects.filter(related_clusters__cluster__in=clusters).distinct()
    elif resource_of(type(instance)) is IMAGES:
        found += ArticlePage.objects.filter(header_image=instance)
        found += ClusterPage.objects.filter(logo=instance)
        found += Company.objects.filter(logo=instance)
    return [item for item in found if not (type(item) is type(instance) and item.pk == instance.pk)]


def translations_of(instance):
    model = type(instance)
    if isinstance(instance, Page):
        model = type(instance.specific_deferred)
    return list(model.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk))


def record_private(page):
    """A page and the pages under it after a view restriction was added or removed."""
    for descendant in page.get_descendants(inclusive=True).specific().type(ArticlePage, ClusterPage):
        record_with_dependents(descendant)


def notice_expired(today=None):
    """Offers that passed their date without any edit: logged as unpublished when first noticed."""
    today = today or timezone.localdate()
    latest = ChangeLogEntry.objects.filter(kind=OFFERS.type, object_id=OuterRef("pk")).order_by("-pk")
    expired = (
        Offer.objects.filter(valid_until__lt=today)
        .annotate(last_action=Subquery(latest.values("action")[:1]))
        .filter(last_action__in=PUBLIC)
    )
    for offer in expired.select_related("locale"):
        record(offer)


# The feed's endpoint.


class ChangeAction(StrEnum):
    """What happened to the item: `created` and `updated` mean "read it again from `api_url`",
    `unpublished` and `deleted` mean "remove it"."""

    CREATED = "created"
    UPDATED = "updated"
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"


ChangeKind = StrEnum("ChangeKind", {resource.type.upper(): resource.type for resource in RESOURCES})
ChangeKind.__doc__ = "The kind of item, as in each item's `type`."


class Change(Schema):
    kind: ChangeKind
    id: int
    locale: str | None = Field(..., description="The item's language; null for images and documents.")
    action: ChangeAction
    timestamp: datetime.datetime
    api_url: str = Field(..., description="Where the item is read, while it is public.")
    cursor: str = Field(..., description="Pass as `since` to read the changes after this one.")


class ChangeList(Schema):
    items: list[Change]
    next: str = Field(
        ..., description="The cursor after the last item (or the one given, if none): pass it as `since` next time."
    )
    has_more: bool = Field(..., description="Whether more changes follow at once.")


class ChangeParams(Schema):
    since: str | None = Field(
        None,
        max_length=40,
        description="An opaque cursor from an earlier answer's `next` or an item's `cursor`; "
        "without it, the feed starts at its beginning.",
    )
    limit: filters.Number = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many changes to return.")


def cursor_value(cursor):
    if cursor is None:
        return 0
    if not (cursor.isascii() and cursor.isdigit()):
        raise HttpError(400, _("`since` is not a cursor from this feed."))
    return int(cursor)


def changes(request, params):
    filters.check_parameters(request, ChangeParams)
    since = cursor_value(params.since)
    notice_expired()
    entries = list(ChangeLogEntry.objects.filter(pk__gt=since).order_by("pk")[: params.limit + 1])
    has_more = len(entries) > params.limit
    entries = entries[: params.limit]
    by_type = {resource.type: resource for resource in RESOURCES}
    items = [
        {
            "kind": entry.kind,
            "id": entry.object_id,
            "locale": entry.locale or None,
            "action": entry.action,
            "timestamp": entry.timestamp,
            "api_url": api_url(by_type[entry.kind].name, entry.object_id),
            "cursor": str(entry.pk),
        }
        for entry in entries
    ]
    return {"items": items, "next": items[-1]["cursor"] if items else str(since), "has_more": has_more}


@router.get(
    "changes/",
    response={200: ChangeList, 400: Error},
    operation_id="list_changes",
    url_name="changes",
    summary="What was created, updated, unpublished or deleted, in order, after a cursor",
    description=(
        "Keeps a copy of the published content in sync: read from your last `next` cursor until "
        "`has_more` is false, read again each created or updated item from its endpoint, and remove "
        "each unpublished or deleted one. Items that stop being public for any reason (unpublished, "
        "made private, an offer past its date) come as `unpublished`. The feed names items only; "
        "it never shows a draft."
    ),
    tags=["changes"],
)
def list_changes(request, params: Query[ChangeParams]):
    return changes(request, params)

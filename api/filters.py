"""The API's query language: the parameters each endpoint takes and what they do to a queryset.

A parameter an endpoint does not know, a repeated one or a value out of range is answered with
400 and a message naming it; nothing a client sends should end in a 500.
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from articles.models import ArticleRelatedCluster
from clusters.models import ClusterMember, ClusterPage
from cms.params import parse_int
from registry.models import Company, Sector

from .schemas import CompanySize, LocaleCode, OfferKind, VoivodeshipValue

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest primary key the database can hold

# Printable text without control characters (PostgreSQL rejects NUL in any string).
TEXT = r"^[^\x00-\x1f\x7f]+$"
SLUG = r"^[-a-zA-Z0-9_]+$"
FIELD_LIST = r"^(\*|[a-z_]+(,[a-z_]+)*)$"


def _ascii_digits(value):
    # Pydantic would also read "1_0", "+5", " 5" and "5.0" as numbers; a query string's number is
    # digits 0-9 only, as on the site's pages (cms/params.py). Ranges stay pydantic's to check.
    if isinstance(value, str) and parse_int(value) is None:
        raise PydanticCustomError("int_parsing", "Input should be a whole number: at most 19 of the digits 0-9")
    return value


Number = Annotated[int, BeforeValidator(_ascii_digits)]


def orderings(*names):
    """The values of an `order` parameter: each name ascending, or descending with a leading `-`."""
    return Literal[tuple(value for name in names for value in (name, f"-{name}"))]


class DetailParams(Schema):
    fields: str | None = Field(
        None,
        pattern=FIELD_LIST,
        description="Comma-separated names of the fields to return (`id`, `type`, `locale` and `api_url` "
        "always come); `*` or nothing for all.",
    )


class SlugParams(DetailParams):
    locale: LocaleCode = Field(settings.LANGUAGE_CODE, description="The language the slug belongs to.")


class PreviewParams(DetailParams):
    token: str = Field(
        max_length=2000,
        pattern=r"^[-A-Za-z0-9_:.]+$",
        description="A signed preview token an editor obtained in the admin; valid for a few minutes.",
    )


class ListParams(Schema):
    fields: str | None = Field(
        None,
        pattern=FIELD_LIST,
        description="Comma-separated names of the fields to return (`id`, `type`, `locale` and `api_url` "
        "always come); `*` for all; nothing for the listing's default fields.",
    )
    limit: Number = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: Number = Field(0, ge=0, le=MAX_OFFSET, description="How many matching items to skip.")
    search: str | None = Field(
        None, max_length=200, pattern=TEXT, description="Full-text search; most relevant first unless `order` is given."
    )


class TranslatableListParams(ListParams):
    locale: LocaleCode | None = Field(None, description="Only items in this language.")


class ArticleParams(TranslatableListParams):
    order: orderings("date", "title", "first_published_at", "last_published_at", "id") | None = Field(
        None, description="Default: `-date`, newest first."
    )
    tag: str | None = Field(None, max_length=100, pattern=TEXT, description="Only articles with this tag.")
    date_from: datetime.date | None = Field(None, description="Only articles dated on or after this day.")
    date_to: datetime.date | None = Field(None, description="Only articles dated on or before this day.")
    cluster: Number | None = Field(
        None, ge=1, le=MAX_ID, description="Only articles about this cluster (by id, in any of its languages)."
    )


class ClusterParams(TranslatableListParams):
    order: orderings("title", "founded", "members_total", "id") | None = Field(None, description="Default: `title`.")
    voivodeship: VoivodeshipValue | None = None
    sector: str | None = Field(None, max_length=120, pattern=SLUG, description="A sector's slug.")
    key_national_cluster: bool | None = Field(
        None, description="Only clusters whose Key National Cluster status is (or is not) valid today."
    )


class CompanyParams(TranslatableListParams):
    order: orderings("name", "city", "id") | None = Field(None, description="Default: `name`.")
    voivodeship: VoivodeshipValue | None = None
    sector: str | None = Field(None, max_length=120, pattern=SLUG, description="A sector's slug.")
    size: CompanySize | None = None
    cluster: Number | None = Field(
        None, ge=1, le=MAX_ID, description="Only members of this cluster (by id, in any of its languages)."
    )


class OfferParams(TranslatableListParams):
    order: orderings("title", "valid_until", "id") | None = Field(None, description="Default: `-id`, newest first.")
    kind: OfferKind | None = None
    sector: str | None = Field(None, max_length=120, pattern=SLUG, description="A sector's slug.")
    company: Number | None = Field(
        None, ge=1, le=MAX_ID, description="Only offers of this company (by id, in any of its languages)."
    )
    voivodeship: VoivodeshipValue | None = Field(None, description="The company's voivodeship.")


class SectorParams(TranslatableListParams):
    order: orderings("name", "slug", "id") | None = Field(None, description="Default: `name`.")


class MediaParams(ListParams):
    order: orderings("title", "created_at", "id") | None = Field(None, description="Default: `-created_at`.")


def check_parameters(request, params_class):
    """Refuse query parameters the endpoint does not take, and parameters given twice."""
    allowed = set(params_class.model_fields)
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise HttpError(
            400,
            f"Unknown query parameter(s): {', '.join(unknown)}. This endpoint takes: {', '.join(sorted(allowed))}.",
        )
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        raise HttpError(400, f"Query parameter(s) given more than once: {', '.join(repeated)}.")


def selected_fields(value, available, default):
    """The fields named by a `fields` parameter, in the resource's order; 400 for unknown ones."""
    if value is None:
        return list(default)
    if value == "*":
        return list(available)
    requested = value.split(",")
    unknown = [name for name in requested if name not in available]
    if unknown:
        raise HttpError(
            400, f"Unknown field(s): {', '.join(unknown)}. Fields of this endpoint: {', '.join(available)}."
        )
    return [name for name in available if name in requested]


def ordered(queryset, order):
    """Sort by a whitelisted `order` value; the primary key breaks ties so pages never overlap."""
    descending = order.startswith("-")
    name = order.lstrip("-")
    name = "pk" if name == "id" else name
    prefix = "-" if descending else ""
    return queryset.order_by(*dict.fromkeys([f"{prefix}{name}", f"{prefix}pk"]))


def _translations_of(published, pk):
    """The translation key of the object with this id among `published`, as a subquery: none when the
    id is unknown or its object hidden (a draft, a private page), so that a filter by a hidden object
    answers exactly as one by an unknown id does."""
    return published.filter(pk=pk).values("translation_key")


def _published_cluster(pk):
    """The published translations of the published cluster with this id (none when it is unknown or hidden)."""
    published = ClusterPage.objects.published()
    return published.filter(translation_key__in=_translations_of(published, pk))


def _with_sector(queryset, slug):
    keys = Sector.objects.filter(slug=slug).values("translation_key")
    return queryset.filter(pk__in=queryset.model.objects.filter(sectors__translation_key__in=keys).values("pk"))


def filter_articles(queryset, params):
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise HttpError(400, "date_from must not be later than date_to.")
    if params.tag:
        queryset = queryset.filter(tags__name=params.tag)
    if params.date_from:
        queryset = queryset.filter(date__gte=params.date_from)
    if params.date_to:
        queryset = queryset.filter(date__lte=params.date_to)
    if params.cluster:
        about = ArticleRelatedCluster.objects.filter(cluster__in=_published_cluster(params.cluster))
        queryset = queryset.filter(pk__in=about.values("article_id"))
    return queryset


def filter_clusters(queryset, params):
    if params.voivodeship:
        queryset = queryset.filter(voivodeship=params.voivodeship)
    if params.sector:
        queryset = _with_sector(queryset, params.sector)
    if params.key_national_cluster is not None:
        key_national = queryset.key_national().values("pk")
        if params.key_national_cluster:
            queryset = queryset.filter(pk__in=key_national)
        else:
            queryset = queryset.exclude(pk__in=key_national)
    return queryset


def filter_companies(queryset, params):
    if params.voivodeship:
        queryset = queryset.filter(voivodeship=params.voivodeship)
    if params.sector:
        queryset = _with_sector(queryset, params.sector)
    if params.size:
        queryset = queryset.filter(size=params.size)
    if params.cluster:
        members = ClusterMember.objects.filter(cluster__in=_published_cluster(params.cluster))
        queryset = queryset.filter(translation_key__in=members.values("company__translation_key"))
    return queryset


def filter_offers(queryset, params):
    if params.kind:
        queryset = queryset.filter(kind=params.kind)
    if params.sector:
        queryset = _with_sector(queryset, params.sector)
    if params.company:
        keys = _translations_of(Company.objects.published(), params.company)
        queryset = queryset.filter(company__translation_key__in=keys)
    if params.voivodeship:
        queryset = queryset.filter(company__voivodeship=params.voivodeship)
    return queryset


def no_filters(queryset, params):
    return queryset

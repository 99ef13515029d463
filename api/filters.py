"""The API's query language: the parameters each endpoint takes and what they do to a queryset.

A filter that takes several values takes them repeated (`?size=micro&size=small`) or
comma-separated (`?size=micro,small`): any of them within a field, all fields together. A
parameter an endpoint does not know, a single-valued one given twice or a value out of range is
answered with 400 and a message naming it; parameters starting with `_` (cache-busters such as
`?_=123`) are ignored. Nothing a client sends should end in a 500.
"""

import datetime
import re
from typing import Annotated, ClassVar, Literal, get_args, get_origin

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractYear, Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from articles.models import ArticleRelatedCluster
from clusters.models import ClusterMember, ClusterPage
from cms.params import parse_int
from registry.models import Company, Offer, Sector
from registry.voivodeships import Voivodeship

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

MAX_VALUES = 50  # values of one filter: a client listing more wants the whole list anyway
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")


def _several_values(value):
    # Ninja hands a repeated parameter over as a list; each of its values may be a comma list too.
    values = value if isinstance(value, list) else [value]
    values = [part for item in values for part in (item.split(",") if isinstance(item, str) else [item])]
    if len(values) > MAX_VALUES:
        raise PydanticCustomError("too_long", "At most {max} values", {"max": MAX_VALUES})
    return list(dict.fromkeys(values))


def Several(item):  # noqa: N802 - a type, named like one
    """A filter taking several values of `item`: repeated or comma-separated, any of them matches."""
    return Annotated[list[item] | None, BeforeValidator(_several_values)]


def Names(*names):  # noqa: N802 - a type, named like one
    """Several of these names (of relations, of fields), documented as an enum even when there is one."""
    return Several(Annotated[Literal[names], WithJsonSchema({"type": "string", "enum": list(names)})])


def takes_several(field):
    return any(get_origin(arg) is list for arg in (field.annotation, *get_args(field.annotation)))


def _iso_date(value):
    # Pydantic would also read a number ("0") as a Unix timestamp; a date here is YYYY-MM-DD only.
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise PydanticCustomError("date_parsing", "Input should be a date in the format YYYY-MM-DD")
    return value


def _iso_datetime(value):
    if isinstance(value, str) and not ISO_DATETIME.match(value):
        raise PydanticCustomError(
            "datetime_parsing",
            "Input should be a date and time in the format YYYY-MM-DDTHH:MM:SS with an optional offset",
        )
    return value


def _in_utc(value):
    # A time without an offset is UTC, so the answer does not depend on the server's time zone.
    value = value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:  # "0001-01-01T00:00+01:00" is before the first moment a database holds
        raise PydanticCustomError("time_out_of_range", "Input should be a time after the year 1") from None


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime.datetime, BeforeValidator(_iso_datetime), AfterValidator(_in_utc)]
# The range before the digits check, or the schema would show it as pydantic's `ge`/`le`.
Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_ascii_digits)]
Slug = Annotated[str, Field(max_length=120, pattern=SLUG)]
Tag = Annotated[str, Field(max_length=100, pattern=TEXT)]


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
        pattern=r"^[-A-Za-z0-9_:.=;]+$",
        description="A signed preview token an editor obtained in the admin, or the `token` the admin's "
        "Preview passed to the front-end's preview page; valid for a few minutes.",
    )
    content_type: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$",
        description="The `content_type` the admin's Preview passed to the front-end's preview page "
        "(e.g. `articles.articlepage`), given back with its `token`.",
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
    updated_since: IsoDateTime | None = Field(
        None,
        description="Only items changed at or after this time (ISO 8601; without an offset it is UTC): pages and "
        "entries when last published, sectors when last saved, images and documents when added.",
    )

    # What `updated_since` compares with, per endpoint.
    updated_field: ClassVar[str] = "last_published_at"


class TranslatableListParams(ListParams):
    locale: LocaleCode | None = Field(None, description="Only items in this language.")


INCLUDE = (
    "Related items to add whole, as their own endpoint's detail gives them, under `included`, keyed by that "
    "endpoint's name (`companies`, `clusters`): each once, only published ones, whatever the page size. "
    "Including a relation brings its summary field into the answer too."
)
FACETS = (
    "Fields to count the items by, under `facets`: for each, its values with how many items have them "
    "(`{code, label, count}`, most items first, values without any left out; labels in the language of "
    "`locale`, else Polish). Counted over the whole filtered list, not only this page: every filter and "
    "`search` apply, those on the same field too (with `?voivodeship=lodzkie`, only `lodzkie` is counted)."
)


class ArticleIncludeParams(Schema):
    include: Names("clusters") = Field(None, description=INCLUDE + " `clusters`: the clusters of `related_clusters`.")


class ClusterIncludeParams(Schema):
    include: Names("members", "coordinator") = Field(
        None, description=INCLUDE + " `members` and `coordinator`: those companies, under `companies`."
    )


class OfferIncludeParams(Schema):
    include: Names("company") = Field(None, description=INCLUDE + " `company`: under `companies`.")


class ArticleParams(TranslatableListParams):
    order: orderings("date", "title", "first_published_at", "last_published_at", "id") | None = Field(
        None, description="Default: `-date`, newest first."
    )
    tag: Several(Tag) = Field(None, description="Only articles with any of these tags, in any letter case.")
    date_from: IsoDate | None = Field(None, description="Only articles dated on or after this day (YYYY-MM-DD).")
    date_to: IsoDate | None = Field(None, description="Only articles dated on or before this day (YYYY-MM-DD).")
    cluster: Several(Id) = Field(
        None, description="Only articles about any of these clusters (by id, in any of their languages)."
    )
    facets: Names("tag", "year") = Field(
        None, description=FACETS + " `tag`: codes as `tag` takes them; `year`: the year of `date`."
    )


class ClusterParams(TranslatableListParams):
    order: orderings("title", "founded", "members_total", "last_published_at", "id") | None = Field(
        None, description="Default: `title`."
    )
    voivodeship: Several(VoivodeshipValue) = Field(None, description="Only clusters in any of these voivodeships.")
    sector: Several(Slug) = Field(None, description="Only clusters in any of these sectors (by slug).")
    key_national_cluster: bool | None = Field(
        None, description="Only clusters whose Key National Cluster status is (or is not) valid today."
    )
    facets: Names("voivodeship", "sector") = Field(
        None, description=FACETS + " `sector`: codes are slugs, as `sector` takes them."
    )


class CompanyParams(TranslatableListParams):
    order: orderings("name", "city", "last_published_at", "id") | None = Field(None, description="Default: `name`.")
    voivodeship: Several(VoivodeshipValue) = Field(None, description="Only companies in any of these voivodeships.")
    sector: Several(Slug) = Field(None, description="Only companies in any of these sectors (by slug).")
    size: Several(CompanySize) = Field(None, description="Only companies of any of these sizes.")
    cluster: Several(Id) = Field(
        None, description="Only members of any of these clusters (by id, in any of their languages)."
    )
    facets: Names("voivodeship", "sector", "size") = Field(
        None, description=FACETS + " `sector`: codes are slugs, as `sector` takes them."
    )


class OfferParams(TranslatableListParams):
    order: orderings("title", "valid_until", "last_published_at", "id") | None = Field(
        None, description="Default: `-id`, newest first."
    )
    kind: Several(OfferKind) = Field(None, description="Only offers of any of these kinds.")
    sector: Several(Slug) = Field(None, description="Only offers in any of these sectors (by slug).")
    company: Several(Id) = Field(
        None, description="Only offers of any of these companies (by id, in any of their languages)."
    )
    voivodeship: Several(VoivodeshipValue) = Field(
        None, description="Only offers of companies in any of these voivodeships."
    )
    valid_until_from: IsoDate | None = Field(
        None, description="Only offers valid until this day or later (YYYY-MM-DD); offers without an end date match."
    )
    valid_until_to: IsoDate | None = Field(
        None, description="Only offers whose validity ends on or before this day (YYYY-MM-DD)."
    )
    facets: Names("kind", "sector", "voivodeship") = Field(
        None,
        description=FACETS + " `sector`: codes are slugs, as `sector` takes them; `voivodeship`: the company's.",
    )


class SectorParams(TranslatableListParams):
    order: orderings("name", "slug", "updated_at", "id") | None = Field(None, description="Default: `name`.")
    updated_field: ClassVar[str] = "updated_at"


class MediaParams(ListParams):
    order: orderings("title", "created_at", "id") | None = Field(None, description="Default: `-created_at`.")
    # Wagtail keeps no time of an image's or a document's later changes.
    updated_field: ClassVar[str] = "created_at"


def check_parameters(request, params_class):
    """Refuse query parameters the endpoint does not take, and single-valued parameters given twice.

    Names starting with `_` are a client's own (cache-busters such as `?_=123`) and ignored.
    """
    fields = params_class.model_fields
    given = {name for name in request.GET if not name.startswith("_")}
    unknown = sorted(given - set(fields))
    if unknown:
        raise HttpError(
            400,
            _("Unknown query parameter(s): %(unknown)s. This endpoint takes: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(fields))},
        )
    repeated = sorted(name for name in given if len(request.GET.getlist(name)) > 1 and not takes_several(fields[name]))
    if repeated:
        raise HttpError(400, _("Query parameter(s) given more than once: %(names)s.") % {"names": ", ".join(repeated)})


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
            400,
            _("Unknown field(s): %(unknown)s. Fields of this endpoint: %(available)s.")
            % {"unknown": ", ".join(unknown), "available": ", ".join(available)},
        )
    return [name for name in available if name in requested]


def ordered(queryset, order):
    """Sort by a whitelisted `order` value; the primary key breaks ties so pages never overlap."""
    descending = order.startswith("-")
    name = order.lstrip("-")
    name = "pk" if name == "id" else name
    prefix = "-" if descending else ""
    return queryset.order_by(*dict.fromkeys([f"{prefix}{name}", f"{prefix}pk"]))


def updated_since(queryset, params):
    """Items changed at or after `updated_since` (see ListParams.updated_field for what "changed" is)."""
    if params.updated_since is None:
        return queryset
    return queryset.filter(**{f"{params.updated_field}__gte": params.updated_since})


def _check_range(since, until, since_name, until_name):
    if since and until and since > until:
        raise HttpError(
            400, _("%(since)s must not be later than %(until)s.") % {"since": since_name, "until": until_name}
        )


def _translations_of(published, pks):
    """The translation keys of the objects with these ids among `published`, as a subquery: none for
    an unknown id or a hidden object (a draft, a private page), so that a filter by a hidden object
    answers exactly as one by an unknown id does."""
    return published.filter(pk__in=pks).values("translation_key")


def _published_clusters(pks):
    """The published translations of the published clusters with these ids (none for unknown or hidden ones)."""
    published = ClusterPage.objects.published()
    return published.filter(translation_key__in=_translations_of(published, pks))


def _with_sectors(queryset, slugs):
    keys = Sector.objects.filter(slug__in=slugs).values("translation_key")
    return queryset.filter(pk__in=queryset.model.objects.filter(sectors__translation_key__in=keys).values("pk"))


def with_tags(queryset, names):
    """Articles with any of these tags, whatever the letter case."""
    # By subquery: a join on a many-valued relation would list an article once per matching tag.
    any_name = Q()
    for name in names:
        any_name |= Q(tags__name__iexact=name)
    return queryset.filter(pk__in=queryset.model.objects.filter(any_name).values("pk"))


def filter_articles(queryset, params):
    queryset = updated_since(queryset, params)
    if params.tag:
        queryset = with_tags(queryset, params.tag)
    _check_range(params.date_from, params.date_to, "date_from", "date_to")
    if params.date_from:
        queryset = queryset.filter(date__gte=params.date_from)
    if params.date_to:
        queryset = queryset.filter(date__lte=params.date_to)
    if params.cluster:
        about = ArticleRelatedCluster.objects.filter(cluster__in=_published_clusters(params.cluster))
        queryset = queryset.filter(pk__in=about.values("article_id"))
    return queryset


def filter_clusters(queryset, params):
    queryset = updated_since(queryset, params)
    if params.voivodeship:
        queryset = queryset.filter(voivodeship__in=params.voivodeship)
    if params.sector:
        queryset = _with_sectors(queryset, params.sector)
    if params.key_national_cluster is not None:
        key_national = queryset.key_national().values("pk")
        if params.key_national_cluster:
            queryset = queryset.filter(pk__in=key_national)
        else:
            queryset = queryset.exclude(pk__in=key_national)
    return queryset


def filter_companies(queryset, params):
    queryset = updated_since(queryset, params)
    if params.voivodeship:
        queryset = queryset.filter(voivodeship__in=params.voivodeship)
    if params.sector:
        queryset = _with_sectors(queryset, params.sector)
    if params.size:
        queryset = queryset.filter(size__in=params.size)
    if params.cluster:
        members = ClusterMember.objects.filter(cluster__in=_published_clusters(params.cluster))
        queryset = queryset.filter(translation_key__in=members.values("company__translation_key"))
    return queryset


def filter_offers(queryset, params):
    queryset = updated_since(queryset, params)
    if params.kind:
        queryset = queryset.filter(kind__in=params.kind)
    if params.sector:
        queryset = _with_sectors(queryset, params.sector)
    if params.company:
        keys = _translations_of(Company.objects.published(), params.company)
        queryset = queryset.filter(company__translation_key__in=keys)
    if params.voivodeship:
        queryset = queryset.filter(company__voivodeship__in=params.voivodeship)
    _check_range(params.valid_until_from, params.valid_until_to, "valid_until_from", "valid_until_to")
    if params.valid_until_from:  # an offer without an end date is valid until any day
        queryset = queryset.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=params.valid_until_from))
    if params.valid_until_to:
        queryset = queryset.filter(valid_until__lte=params.valid_until_to)
    return queryset


def no_filters(queryset, params):
    return updated_since(queryset, params)


# Facets: how many items of a filtered list have each value of a field, in one grouped query each.
# Labels are in the active language (the caller's choice); values without items are never listed.


def _counted(queryset):
    # The filtered list as plain items: a search's ranking and the list's order would otherwise be
    # grouped by too.
    return queryset.model.objects.filter(pk__in=queryset.order_by().values("pk")).order_by()


def _largest_first(values):
    return sorted(values, key=lambda value: (-value["count"], value["label"].casefold(), str(value["code"])))


def coded_facet(field, choices):
    """A facet of a coded field (`field` may follow a relation: an offer's `company__voivodeship`)."""

    def count(queryset):
        rows = _counted(queryset).values_list(field).annotate(count=Count("pk"))
        known = set(choices.values)
        return _largest_first(
            {"code": code, "label": str(choices(code).label), "count": n} for code, n in rows if code in known
        )

    return count


def sector_facet(queryset):
    """Sectors by translation, whichever language's sector an editor picked; each named, and coded by
    the slug the `sector` filter takes, in the active language where the sector is translated into it."""
    in_language = Case(When(locale__language_code=translation.get_language(), then=Value(0)), default=Value(1))
    sector = Sector.objects.filter(translation_key=OuterRef("sectors__translation_key")).order_by(in_language, "pk")
    rows = (
        _counted(queryset)
        .values("sectors__translation_key")
        .annotate(
            count=Count("pk", distinct=True),
            code=Subquery(sector.values("slug")[:1]),
            label=Subquery(sector.values("name")[:1]),
        )
    )
    return _largest_first(
        {"code": row["code"], "label": row["label"], "count": row["count"]}
        for row in rows
        if row["sectors__translation_key"] is not None
    )


def tag_facet(queryset):
    """Tags of articles, those differing only in letter case as one (as the `tag` filter takes them)."""
    rows = (
        _counted(queryset)
        .values(key=Lower("tags__name"))
        .annotate(name=Min("tags__name"), count=Count("pk", distinct=True))
    )
    return _largest_first(
        {"code": row["name"], "label": row["name"], "count": row["count"]} for row in rows if row["key"] is not None
    )


def year_facet(queryset):
    """Articles by the year of their date."""
    rows = _counted(queryset).values_list(ExtractYear("date", output_field=IntegerField())).annotate(count=Count("pk"))
    return _largest_first({"code": year, "label": str(year), "count": n} for year, n in rows if year is not None)


CLUSTER_FACETS = {"voivodeship": coded_facet("voivodeship", Voivodeship), "sector": sector_facet}
COMPANY_FACETS = {**CLUSTER_FACETS, "size": coded_facet("size", Company.Size)}
OFFER_FACETS = {
    "kind": coded_facet("kind", Offer.Kind),
    "sector": sector_facet,
    "voivodeship": coded_facet("company__voivodeship", Voivodeship),
}
ARTICLE_FACETS = {"tag": tag_facet, "year": year_facet}

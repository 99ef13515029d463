"""The tags endpoint: the tags of public articles, each with the number of public articles it marks."""

from django.db.models import Count, Min
from django.db.models.functions import Lower

from ninja import Field, Schema

from articles.models import ArticlePage, ArticlePageTag

from .filters import MAX_OFFSET, Number, check_parameters, orderings
from .schemas import LocaleCode

ORDER = {"name": ("key",), "-name": ("-key",), "count": ("count", "key"), "-count": ("-count", "key")}


class TagParams(Schema):
    locale: LocaleCode | None = Field(None, description="Only tags of articles in this language.")
    order: orderings("name", "count") | None = Field(None, description="Default: `-count`, most used first.")
    limit: Number = Field(100, ge=1, le=1000, description="How many tags to return.")
    offset: Number = Field(0, ge=0, le=MAX_OFFSET, description="How many tags to skip.")


class TagCount(Schema):
    name: str = Field(description="The tag as editors wrote it; tags differing only in letter case are one.")
    slug: str = Field(description="For `?tag=` the name works in any letter case; the slug is for addresses.")
    count: int = Field(description="How many published articles carry it.")


class TagList(Schema):
    total: int
    limit: int
    offset: int
    items: list[TagCount]


def tag_counts(request, params):
    check_parameters(request, TagParams)
    # Counted over the one definition of a public article: drafts and private pages add nothing.
    articles = ArticlePage.objects.published(params.locale).values("pk")
    rows = (
        ArticlePageTag.objects.filter(content_object__in=articles)
        .values(key=Lower("tag__name"))
        .annotate(name=Min("tag__name"), slug=Min("tag__slug"), count=Count("content_object", distinct=True))
        .order_by(*ORDER[params.order or "-count"])
    )
    page = rows[params.offset : params.offset + params.limit]
    return {
        "total": rows.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [{"name": row["name"], "slug": row["slug"], "count": row["count"]} for row in page],
    }

"""Filters of the news list: by tag and by year. Unknown values are ignored, never an error."""

from django.utils.translation import gettext_lazy as _

import django_filters

from home.filters import ReaderFilterSet
from home.page_cache import remember, sql_identity

from .models import ArticlePage


class ArticleFilterSet(ReaderFilterSet):
    tag = django_filters.ChoiceFilter(label=_("Tag"), field_name="tags__slug", choices=[])
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="date__year", choices=[])

    class Meta:
        model = ArticlePage
        fields = []

    def __init__(self, data=None, queryset=None, *, choices_key=None, **kwargs):
        """`choices_key`: what `queryset` is a function of (the news index's pk), to keep the choices
        under; by default its SQL."""
        super().__init__(data, queryset, **kwargs)
        articles = ArticlePage.objects.filter(pk__in=queryset.values("pk"))
        tags = (
            articles.values_list("tags__slug", "tags__name")
            .filter(tags__slug__isnull=False)
            .distinct()
            .order_by("tags__name")
        )
        key = choices_key if choices_key is not None else sql_identity(queryset)
        # Both read every article of the list: kept until the next publish (home/page_cache.py).
        self.filters["tag"].extra["choices"] = remember("news-tags", key, lambda: list(tags))
        years = articles.dates("date", "year", order="DESC")
        self.filters["year"].extra["choices"] = remember(
            "news-years", key, lambda: [(str(day.year), str(day.year)) for day in years]
        )

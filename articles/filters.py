"""Filters of the news list: by tag and by year. Unknown values are ignored, never an error."""

from django.utils.translation import gettext_lazy as _

import django_filters

from home.filters import ReaderFilterSet
from home.page_cache import remember

from .models import ArticlePage


class ArticleFilterSet(ReaderFilterSet):
    tag = django_filters.ChoiceFilter(label=_("Tag"), field_name="tags__slug", choices=[])
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="date__year", choices=[])

    class Meta:
        model = ArticlePage
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        articles = ArticlePage.objects.filter(pk__in=queryset.values("pk"))
        tags = (
            articles.values_list("tags__slug", "tags__name")
            .filter(tags__slug__isnull=False)
            .distinct()
            .order_by("tags__name")
        )
        # Both read every article of the list: kept until the next publish (home/page_cache.py).
        self.filters["tag"].extra["choices"] = remember("news-tags", tags, lambda: list(tags))
        years = articles.dates("date", "year", order="DESC")
        self.filters["year"].extra["choices"] = remember(
            "news-years", years, lambda: [(str(day.year), str(day.year)) for day in years]
        )

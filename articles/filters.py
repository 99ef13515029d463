"""Filters of the news list: by tag and by year. Unknown values are ignored, never an error."""

from django.utils.translation import gettext_lazy as _

import django_filters

from cms.filters import ReaderFilterSet
from cms.generation import remember


class ArticleFilterSet(ReaderFilterSet):
    tag = django_filters.ChoiceFilter(label=_("Tag"), field_name="tags__slug", choices=[])
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="date__year", choices=[])

    # Declared filters only, for the news index's queryset (models.py builds this filter set).

    def __init__(self, data=None, queryset=None, *, choices_key, **kwargs):
        """`choices_key`: what `queryset` is a function of (the news index's pk), to keep the choices under."""
        super().__init__(data, queryset, **kwargs)
        articles = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        tags = (
            articles.values_list("tags__slug", "tags__name")
            .filter(tags__slug__isnull=False)
            .distinct()
            .order_by("tags__name")
        )
        key = choices_key
        # Both read every article of the list: kept until the next publish.
        self.filters["tag"].extra["choices"] = remember("filter_choices:tags", key, lambda: list(tags))
        years = articles.dates("date", "year", order="DESC")
        self.filters["year"].extra["choices"] = remember(
            "filter_choices:years", key, lambda: [(str(day.year), str(day.year)) for day in years]
        )

"""Reader-facing filters of the companies, offers and services databases.

A value a reader (or a crawler) made up is dropped by the form's validation and the list is shown
unfiltered, with the form saying what was wrong; it never causes an error page.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

import django_filters

from home.filters import ReaderFilterSet

from .models import Company, Offer, Sector
from .voivodeships import Voivodeship


class TranslationChoiceFilter(django_filters.ModelChoiceFilter):
    """Chooses an object of the reader's language by slug and matches any translation of it.

    Entries translated with wagtail-localize may still point at the source language's sector or
    cluster, so the match goes through the translation key shared by all translations.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__translation_key": value.translation_key}).distinct()


class LocalizedFilterSet(ReaderFilterSet):
    def __init__(self, data=None, queryset=None, *, locale, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["sector"].queryset = Sector.objects.filter(locale=locale)


class CompanyFilterSet(LocalizedFilterSet):
    voivodeship = django_filters.ChoiceFilter(label=_("Voivodeship"), choices=Voivodeship.choices)
    sector = TranslationChoiceFilter(label=_("Sector"), field_name="sectors", queryset=Sector.objects.none())
    size = django_filters.ChoiceFilter(label=_("Size"), choices=Company.Size.choices)
    cluster = TranslationChoiceFilter(
        label=_("Cluster"),
        field_name="cluster_memberships__cluster",
        queryset=Sector.objects.none(),
    )

    class Meta:
        model = Company
        fields = []

    def __init__(self, data=None, queryset=None, *, locale, **kwargs):
        super().__init__(data, queryset, locale=locale, **kwargs)
        cluster_page = apps.get_model("clusters", "ClusterPage")
        self.filters["cluster"].queryset = cluster_page.objects.published(locale).order_by("title")


class OfferFilterSet(LocalizedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Offer.Kind.choices)
    sector = TranslationChoiceFilter(label=_("Sector"), field_name="sectors", queryset=Sector.objects.none())
    voivodeship = django_filters.ChoiceFilter(
        label=_("Voivodeship"), field_name="company__voivodeship", choices=Voivodeship.choices
    )

    class Meta:
        model = Offer
        fields = []

    def __init__(self, data=None, queryset=None, *, locale, services, **kwargs):
        super().__init__(data, queryset, locale=locale, **kwargs)
        if services:
            # The services database holds one kind only.
            del self.filters["kind"]
        else:
            self.filters["kind"].extra["choices"] = [
                choice for choice in Offer.Kind.choices if choice[0] != Offer.Kind.SERVICE
            ]

"""Reader-facing filters of the companies, offers and services databases.

A value a reader (or a crawler) made up is dropped by the form's validation and the list is shown
unfiltered, with the form saying what was wrong; it never causes an error page.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

import django_filters

from cms.filters import ReaderFilterSet, TranslationChoiceFilter

from .models.companies import Company
from .models.offers import Offer
from .models.sectors import Sector
from .voivodeships import Voivodeship


class LocalizedFilterSet(ReaderFilterSet):
    def __init__(self, data=None, queryset=None, *, locale, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["sector"].choose_from(("sectors", locale), Sector.objects.filter(locale=locale))


class CompanyFilterSet(LocalizedFilterSet):
    voivodeship = django_filters.ChoiceFilter(label=_("Voivodeship"), choices=Voivodeship.choices)
    sector = TranslationChoiceFilter(label=_("Sector"), field_name="sectors")
    size = django_filters.ChoiceFilter(label=_("Size"), choices=Company.Size.choices)
    cluster = TranslationChoiceFilter(label=_("Cluster"), field_name="cluster_memberships__cluster")

    class Meta:
        model = Company
        fields = []

    def __init__(self, data=None, queryset=None, *, locale, **kwargs):
        super().__init__(data, queryset, locale=locale, **kwargs)
        cluster_page = apps.get_model("clusters", "ClusterPage")
        clusters = cluster_page.objects.published(locale).order_by("title").only("title", "slug", "translation_key")
        self.filters["cluster"].choose_from(("clusters", locale), clusters)


class OfferFilterSet(LocalizedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Offer.Kind.choices)
    sector = TranslationChoiceFilter(label=_("Sector"), field_name="sectors")
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

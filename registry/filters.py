"""Reader-facing filters of the companies, offers and services databases.

A value a reader (or a crawler) made up is dropped by the form's validation and the list is shown
unfiltered, with the form saying what was wrong; it never causes an error page.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

import django_filters

from home.filters import ReaderFilterSet
from home.page_cache import remember

from .models import Company, Offer, Sector
from .voivodeships import Voivodeship


class TranslationChoiceFilter(django_filters.ChoiceFilter):
    """Chooses an object of the reader's language by slug and matches any translation of it.

    Entries translated with wagtail-localize may still point at the source language's sector or
    cluster, so the match goes through the translation key shared by all translations. The objects
    on offer (`choose_from()`) serve the form's options and its validation alike.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[], **kwargs)
        self.translation_keys = {}

    def choose_from(self, kept_as, objects):
        """Offer `objects` (a queryset): read once, then kept as `kept_as` (what the queryset is a
        function of) until published content changes; a saved sector changes it too."""
        choices = remember(
            "filter-choices", kept_as, lambda: [(obj.slug, str(obj), obj.translation_key) for obj in objects]
        )
        self.translation_keys = {slug: translation_key for slug, _label, translation_key in choices}
        self.extra["choices"] = [(slug, label) for slug, label, _translation_key in choices]

    def filter(self, qs, value):
        if value in (None, "") or value not in self.translation_keys:
            return qs
        translation_key = self.translation_keys[value]
        # A subquery rather than a join: an entry linked to two translations of the object is listed once.
        matching = qs.model.objects.filter(**{f"{self.field_name}__translation_key": translation_key})
        return qs.filter(pk__in=matching.values("pk"))


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

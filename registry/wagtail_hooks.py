"""Admin wiring for the registry: companies, offers and sectors as snippets under one menu."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .models import Company, Offer, Sector
from .voivodeships import Voivodeship


class CompanyFilterSet(WagtailFilterSet):
    voivodeship = django_filters.ChoiceFilter(label=_("voivodeship"), choices=Voivodeship.choices)
    size = django_filters.ChoiceFilter(label=_("size"), choices=Company.Size.choices)
    live = django_filters.BooleanFilter(label=_("published"))
    sectors = django_filters.ModelChoiceFilter(label=_("sector"), queryset=Sector.objects.all())

    class Meta:
        model = Company
        fields = ["voivodeship", "size", "live", "sectors"]


class OfferFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Offer.Kind.choices)
    live = django_filters.BooleanFilter(label=_("published"))
    sectors = django_filters.ModelChoiceFilter(label=_("sector"), queryset=Sector.objects.all())
    voivodeship = django_filters.ChoiceFilter(
        label=_("voivodeship"), field_name="company__voivodeship", choices=Voivodeship.choices
    )

    class Meta:
        model = Offer
        fields = ["kind", "live", "sectors", "voivodeship"]


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "site"
    menu_label = _("Companies")
    list_display = ["name", "nip", "city", "voivodeship", "size"]
    list_export = ["name", "nip", "regon", "krs", "city", "voivodeship", "size", "website"]
    filterset_class = CompanyFilterSet
    ordering = ["name"]


class OfferViewSet(SnippetViewSet):
    model = Offer
    icon = "tag"
    menu_label = _("Offers and services")
    list_display = ["title", "kind", "company", "valid_until"]
    filterset_class = OfferFilterSet


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "list-ul"
    menu_label = _("Sectors")
    list_display = ["name", "slug"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (CompanyViewSet, OfferViewSet, SectorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Registry")
    menu_name = "registry"


register_snippet(RegistryViewSetGroup)

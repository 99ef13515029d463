"""Admin wiring for the registry: companies, offers and sectors as snippets under one menu."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from cms.admin_forms import SameLanguageModelForm
from cms.admin_lists import EditorLanguageFilterSet, EditorLanguageIndexView, in_listed_language, language_column

from .models import Company, Offer, Sector
from .voivodeships import Voivodeship


class CompanyFilterSet(EditorLanguageFilterSet):
    voivodeship = django_filters.ChoiceFilter(label=_("voivodeship"), choices=Voivodeship.choices)
    size = django_filters.ChoiceFilter(label=_("size"), choices=Company.Size.choices)
    live = django_filters.BooleanFilter(label=_("published"))
    sectors = django_filters.ModelChoiceFilter(label=_("sector"), queryset=in_listed_language(Sector))

    class Meta:
        model = Company
        fields = ["voivodeship", "size", "live", "sectors"]


class OfferFilterSet(EditorLanguageFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Offer.Kind.choices)
    live = django_filters.BooleanFilter(label=_("published"))
    sectors = django_filters.ModelChoiceFilter(label=_("sector"), queryset=in_listed_language(Sector))
    voivodeship = django_filters.ChoiceFilter(
        label=_("voivodeship"), field_name="company__voivodeship", choices=Voivodeship.choices
    )

    class Meta:
        model = Offer
        fields = ["kind", "live", "sectors", "voivodeship"]


class RegistryViewSet(SnippetViewSet):
    """A registry snippet listed in the editor's language, linked only to items of its own language."""

    index_view_class = EditorLanguageIndexView

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=SameLanguageModelForm).bind_to_model(self.model)


class CompanyViewSet(RegistryViewSet):
    model = Company
    icon = "site"
    menu_label = _("Companies")
    list_display = ["name", language_column(), "nip", "city", "voivodeship", "size"]
    list_export = ["name", "nip", "regon", "krs", "city", "voivodeship", "size", "website"]
    filterset_class = CompanyFilterSet
    ordering = ["name"]


class OfferViewSet(RegistryViewSet):
    model = Offer
    icon = "tag"
    menu_label = _("Offers and services")
    list_display = ["title", language_column(), "kind", "company", "valid_until"]
    filterset_class = OfferFilterSet


class SectorViewSet(RegistryViewSet):
    model = Sector
    icon = "list-ul"
    menu_label = _("Sectors")
    list_display = ["name", language_column(), "slug"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (CompanyViewSet, OfferViewSet, SectorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Registry")
    menu_name = "registry"


register_snippet(RegistryViewSetGroup)

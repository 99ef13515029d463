"""The cluster index's filters: voivodeship, sector and Key National Cluster status.

Like the registry's filters, a value that is not on offer (a mistyped or stale link) is dropped by
the form's validation and the list is shown without that filter; it never causes an error page.
"""

from django.utils.translation import gettext_lazy as _

import django_filters

from cms.filters import TranslationChoiceFilter
from registry.models import Sector
from registry.voivodeships import Voivodeship


class ClusterFilterSet(django_filters.FilterSet):
    voivodeship = django_filters.ChoiceFilter(
        label=_("Voivodeship"), choices=Voivodeship.choices, empty_label=_("All voivodeships")
    )
    sector = TranslationChoiceFilter(label=_("Sector"), field_name="sectors", empty_label=_("All sectors"))
    kkk = django_filters.ChoiceFilter(
        label=_("Key National Cluster status"),
        choices=[("1", _("Key National Clusters only"))],
        empty_label=_("All clusters"),
        method="filter_key_national",
    )

    def __init__(self, data=None, queryset=None, *, locale, index, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The sectors of the reader's language that some cluster of the list (the clusters below the
        # `index` page) belongs to, in either language.
        used = Sector.objects.filter(clusters__in=self.queryset).values("translation_key")
        sectors = Sector.objects.filter(locale=locale, translation_key__in=used)
        self.filters["sector"].choose_from(("cluster-sectors", index, locale), sectors)

    def filter_key_national(self, queryset, name, value):
        return queryset.key_national() if value else queryset

    @property
    def selected_voivodeship(self):
        """The voivodeship the list is filtered by, or "" when none (or none that exists) is asked for."""
        if not self.is_bound:
            return ""
        self.form.is_valid()
        return self.form.cleaned_data.get("voivodeship") or ""

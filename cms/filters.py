"""The base of the reader-facing list filters (news, clusters, companies, offers)."""

import django_filters

from .generation import remember


class ReaderFilterSet(django_filters.FilterSet):
    """A GET filter form whose invalid values are dropped: the list is then shown unfiltered by them."""

    @property
    def active(self):
        """True when at least one valid filter is applied."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # fills cleaned_data with the valid values only
        return any(self.form.cleaned_data.values())


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
            "filter_choices", kept_as, lambda: [(obj.slug, str(obj), obj.translation_key) for obj in objects]
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

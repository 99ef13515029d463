"""The base of the reader-facing list filters (news, companies, offers)."""

import django_filters


class ReaderFilterSet(django_filters.FilterSet):
    """A GET filter form whose invalid values are dropped: the list is then shown unfiltered by them."""

    @property
    def active(self):
        """True when at least one valid filter is applied."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # fills cleaned_data with the valid values only
        return any(self.form.cleaned_data.values())

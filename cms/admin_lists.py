"""Admin lists of translatable items in the editor's language, with a language column and a choice of all languages.

Snippet lists use `EditorLanguageIndexView` (and `EditorLanguageFilterSet` for filters of their
own); flat lists of one page type use `EditorLanguagePageFilterSet`.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.index import class_is_indexed
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

LOCALE_PARAM = "locale"
# A list search keeps at most this many matches of each kind (whole words, names as typed).
MAX_SEARCH_MATCHES = 1000


def editor_locale():
    """The content locale of the admin's language (the editor's preferred one, else LANGUAGE_CODE)."""
    # Wagtail's admin views run in the user's preferred language, which get_active() follows.
    return Locale.get_active()


def language_column():
    return LocaleColumn(label=_("Language"))


def in_listed_language(model):
    """A filter's choices of a translatable model: in the language listed, or all when every language is."""

    def choices(request):
        listed = request.GET.get(LOCALE_PARAM, editor_locale().language_code) if request else ""
        return model._default_manager.filter(locale__language_code=listed) if listed else model._default_manager.all()

    return choices


class EditorLanguageFilterMixin:
    """Wagtail's language filter set to the editor's language until they choose another, or "All".

    An address without `locale` is the default list; `locale=` (Wagtail's "All" choice) lists every
    language.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        locale_filter = self.filters.get(LOCALE_PARAM)
        if locale_filter is None:
            return  # one content language only: Wagtail shows no language filter
        language = editor_locale().language_code
        # As the initial value, the default is not shown as an active filter to be removed.
        locale_filter.extra["initial"] = language
        if self.is_bound and LOCALE_PARAM not in self.data:
            self.data = self.data.copy()
            self.data[LOCALE_PARAM] = language


class EditorLanguageFilterSet(EditorLanguageFilterMixin, WagtailFilterSet):
    pass


class EditorLanguagePageFilterSet(EditorLanguageFilterMixin, PageFilterSet):
    class Meta(PageFilterSet.Meta):
        pass


class EditorLanguageIndexView(SnippetIndexView):
    """A snippet list in the editor's language, searched as readers search; "Add" adds in the language listed."""

    base_filterset_class = EditorLanguageFilterSet  # for viewsets without a filterset of their own

    def get_locale(self):
        if self.i18n_enabled and not self.request.GET.get(LOCALE_PARAM):
            return editor_locale()
        return super().get_locale()

    def search_queryset(self, queryset):
        """The items matching every word anywhere (a company's city, sectors, NIP), or whose name starts so.

        Wagtail's list searches only the type-ahead fields (names), so "lodz" would miss a company
        in Łódź without Łódź in its name. The list keeps its own order.
        """
        if not self.is_searching or not class_is_indexed(queryset.model):
            return super().search_queryset(queryset)
        backend = get_search_backend(self.search_backend_name)
        matches = set()
        for results in (backend.search(self.search_query, queryset), backend.autocomplete(self.search_query, queryset)):
            matches.update(item.pk for item in results[:MAX_SEARCH_MATCHES])
        return queryset.filter(pk__in=matches)

"""Admin forms that link an item only to items in its own language: offered so, and refused otherwise."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.models import TranslatableMixin
from wagtail.snippets.widgets import AdminSnippetChooser


class LocaleSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, opening on the items of one locale (its modal's own language filter)."""

    def __init__(self, model=None, locale=None, **kwargs):
        self.locale = locale
        super().__init__(model=model, **kwargs)

    def get_chooser_modal_url(self):
        url = super().get_chooser_modal_url()
        return f"{url}?locale={self.locale.language_code}" if self.locale else url


def wrong_language_message(model, locale):
    return _("Only %(items)s in the language of this item (%(language)s) can be chosen.") % {
        "items": model._meta.verbose_name_plural,
        "language": locale.get_display_name(),
    }


def limit_to_locale(form, locale):
    """Offer and accept in `form` only translatable items in `locale`."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(queryset.model, TranslatableMixin):
            continue
        field.queryset = queryset.filter(locale=locale)
        # Django would say only "not one of the available choices", which does not tell why.
        field.error_messages["invalid_choice"] = wrong_language_message(queryset.model, locale)
        if isinstance(field.widget, AdminSnippetChooser):
            field.widget = LocaleSnippetChooser(model=field.widget.model, locale=locale)


class SameLanguageFormMixin:
    """For a translatable item: sectors, companies, clusters… of its own language only, in its inline panels too.

    The language is the edited item's, or on "Add" the one being created (Wagtail sets it on the
    new instance from the add view's `?locale=`, or from the parent page).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale if getattr(self.instance, "locale_id", None) else None
        if locale is None:
            return
        limit_to_locale(self, locale)
        for formset in self.formsets.values():
            for child_form in formset.forms:
                limit_to_locale(child_form, locale)


class SameLanguageModelForm(SameLanguageFormMixin, WagtailAdminModelForm):
    pass


class SameLanguagePageForm(SameLanguageFormMixin, WagtailAdminPageForm):
    pass

"""The editor's form of a news article."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from cms.admin_forms import SameLanguageFormMixin


class ArticlePageForm(SameLanguageFormMixin, WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # A draft may be saved unfinished (Wagtail defers required fields the same way); publishing may not.
        if self.is_deferred_validation:
            return cleaned_data
        alt = (cleaned_data.get("header_image_alt") or "").strip()
        if cleaned_data.get("header_image") and not alt and not cleaned_data.get("header_image_decorative"):
            self.add_error(
                "header_image_alt",
                _("Describe the image for readers who cannot see it, or mark it as decorative."),
            )
        return cleaned_data

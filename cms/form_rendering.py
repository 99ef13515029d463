"""How every form draws its fields: label, help and errors tied to the field, and where an error summary links to."""

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class AccessibleBoundField(BoundField):
    """A bound field that knows which element the error summary should move focus to."""

    @property
    def anchor_id(self):
        """The id of the first control of the field: the input itself, or the first box of a group."""
        if self.use_fieldset:
            return self.field.widget.id_for_label(self.auto_id, "0")
        return self.id_for_label


class PublicFormRenderer(TemplatesSetting):
    """Django's renderer with our field template (templates/forms/field.html).

    Wagtail's admin draws its fields with its own templates, so only `as_field_group`, which our
    public templates use, picks this one up.
    """

    field_template_name = "forms/field.html"
    bound_field_class = AccessibleBoundField

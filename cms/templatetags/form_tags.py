"""Template tags for public forms: the error summary's entries and the error count in the page title."""

from dataclasses import dataclass

from django import template
from django.utils.translation import ngettext

register = template.Library()


@dataclass(frozen=True)
class FormError:
    """One line of the error summary: the message, the label it belongs to, and the control to jump to."""

    anchor: str
    label: str
    message: str


def _anchor(bound_field):
    # Fields of a form with its own bound field class (or none from our renderer) fall back to the label's target.
    return getattr(bound_field, "anchor_id", None) or bound_field.id_for_label or bound_field.auto_id


@register.simple_tag
def form_errors(form):
    """Every error of `form`, the form's own first (tied to its first visible field), then field by field."""
    # Pages that sometimes show no form at all (a rate-limited comment) pass whatever the context holds.
    if not getattr(form, "is_bound", False):
        return []
    visible = form.visible_fields()
    first_anchor = _anchor(visible[0]) if visible else ""
    errors = [FormError(first_anchor, "", str(message)) for message in form.non_field_errors()]
    for bound_field in visible:
        errors += [
            FormError(_anchor(bound_field), str(bound_field.label), str(message)) for message in bound_field.errors
        ]
    return errors


@register.simple_tag
def error_title_prefix(form):
    """ "Errors: 2 – " before the page title after a failed submit, so the count is the first thing heard."""
    count = len(form_errors(form))
    if not count:
        return ""
    return ngettext("Error: %(count)d – ", "Errors: %(count)d – ", count) % {"count": count}

"""POST data that resubmits an admin edit form as it was shown, for tests that change one field of it."""

from django import forms


def _field_data(form, data):
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            data[bound.html_name] = bound.field.widget.format_value(value) or ""


def resubmitted(form):
    """The data a browser would send for `form` (and its inline formsets) unchanged."""
    data = {}
    _field_data(form, data)
    for formset in getattr(form, "formsets", {}).values():
        _field_data(formset.management_form, data)
        for child in formset.forms:
            _field_data(child, data)
    return data

"""Fields for web addresses that readers may follow: http or https only (see cms/validators.py)."""

from django import forms
from django.db import models

from .validators import validate_web_url


class WebAddressFormField(forms.URLField):
    # In place of Django's URL validator, which also lets ftp:// through: one message per problem.
    default_validators = [validate_web_url]


class WebAddressField(models.URLField):
    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebAddressFormField, **kwargs})

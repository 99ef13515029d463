"""The comment form: plain text, length-limited, with a honeypot."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.abuse import HoneypotFormMixin
from cms.validators import validate_multiline

from .models import plain_text


class CommentForm(HoneypotFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[validate_multiline],
    )

    def clean_body(self):
        body = plain_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write a comment in plain text."))
        return body

"""The newsletter sign-up form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.abuse import HoneypotFormMixin
from cms.validators import validate_single_line

from .models.subscribers import CONSENT_WORDING
from .topics import Topic


class SignUpForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254, validators=[validate_single_line])
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        initial=Topic.values,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": _("The newsletter can be sent only with your consent.")},
    )


class DigestLanguageForm(forms.Form):
    """The digest an editor prepares in the admin: one language at a time."""

    # Named in the admin's language (WAGTAIL_CONTENT_LANGUAGES), not in each language itself.
    language = forms.ChoiceField(
        label=_("Language of the digest"),
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        error_messages={"invalid_choice": _("Choose one of the newsletter's languages.")},
    )


class SendDigestForm(DigestLanguageForm):
    # The start of the period the editor saw in the preview: if another digest has begun since,
    # sending is refused instead of mailing something they did not see.
    since = forms.DateTimeField(widget=forms.HiddenInput)

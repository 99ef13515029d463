"""The public forms: sign-up and login for company representatives, their entries, and expressions of interest."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.forms import ClusterForm

from PIL import Image as PILImage

from cms.abuse import HONEYPOT_FIELD, HoneypotFormMixin, PlainTextField
from cms.fields import WebAddressFormField
from cms.validators import validate_single_line
from registry.models import Company, Offer, Sector

from . import notifications, signups
from .models import Interest

User = get_user_model()
# The empty choice of a select the reader must still fill in.
CHOOSE = _("Choose…")


class SignUpForm(HoneypotFormMixin, SetPasswordMixin, forms.Form):
    """A company representative's account: the e-mail address is the login."""

    email = forms.EmailField(label=_("E-mail"), max_length=150, validators=[validate_single_line])
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean_email(self):
        # Whether the address has an account is never said here: the e-mail sent to it says so (signups.py).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        self.instance = User(username=cleaned.get("email", ""), email=cleaned.get("email", ""))
        self.validate_passwords()
        self.validate_password_for_user(self.instance)
        return cleaned


class ResendConfirmationForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=150)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class LoginForm(HoneypotFormMixin, AuthenticationForm):
    """Django's login form with the e-mail address as the username; django-axes counts its failures."""

    username = forms.CharField(label=_("E-mail"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # After a failed log-in focus belongs to the error summary (static/js/forms.js), not the first field.
            self.fields["username"].widget.attrs.pop("autofocus", None)

    def clean(self):
        # One spelling per account, so that failures are counted against it however it is typed.
        self.cleaned_data["username"] = (self.cleaned_data.get("username") or "").strip().lower()
        if self.caught_by_honeypot:
            raise self.get_invalid_login_error()
        return super().clean()


class PasswordResetForm(HoneypotFormMixin, auth_forms.PasswordResetForm):
    """Queues the request: a task decides what the address gets, so the answer is the same for every address."""

    def save(self, *args, **kwargs):
        if not self.caught_by_honeypot:
            signups.request_password_reset(self.cleaned_data["email"])


class PasswordResetMailer(auth_forms.PasswordResetForm):
    """Django's reset e-mail for each active account of an address, through the mail queue (in a task)."""

    def save(self, **kwargs):
        kwargs.setdefault("subject_template_name", "accounts/email/password_reset_subject.txt")
        kwargs.setdefault("email_template_name", "accounts/email/password_reset_body.txt")
        super().save(**kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        notifications.send(subject_template_name, email_template_name, context, [to_email])


def text_to_html(text):
    """Plain paragraphs for a rich text field: readers write text, never markup."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)


def html_to_text(html):
    return strip_tags((html or "").replace("</p>", "\n\n").replace("<br>", "\n")).strip()


class EntryForm(HoneypotFormMixin, ClusterForm):
    """Shared by the company and offer forms: a plain-text description stored as simple rich text."""

    description = PlainTextField(label=_("Description"), required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["description"] = html_to_text(self.instance.description)
        self.fields["sectors"].queryset = Sector.objects.filter(locale=self.locale())
        self.fields["sectors"].widget = forms.CheckboxSelectMultiple(choices=self.fields["sectors"].choices)
        self.fields["sectors"].required = False
        for name, field in list(self.fields.items()):
            if type(field) is forms.CharField and name != HONEYPOT_FIELD:
                # Markup is stripped from plain-text fields; the model's validators still run on the result.
                self.fields[name] = PlainTextField(
                    label=field.label,
                    required=field.required,
                    max_length=field.max_length,
                    help_text=field.help_text,
                    widget=field.widget,
                )
            elif isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
                field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
                # The model's blank choice ("---------") says nothing to a reader.
                field.choices = [("", CHOOSE), *field.choices[1:]]

    def locale(self):
        return self.instance.locale

    def clean_description(self):
        return text_to_html(self.cleaned_data.get("description"))


class CompanyForm(EntryForm):
    website = WebAddressFormField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    logo_file = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("A PNG, JPEG or WebP image, at most 2 MB and 4000 × 4000 pixels."),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "legal_form",
            "size",
            "nip",
            "regon",
            "krs",
            "pkd_codes",
            "street",
            "postal_code",
            "city",
            "voivodeship",
            "website",
            "email",
            "phone",
            "contact_public",
            "description",
            "sectors",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # Contact details stay private until the representative chooses to show them (RODO: privacy by default).
            self.initial["contact_public"] = False

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return upload
        max_bytes = settings.ACCOUNTS_LOGO_MAX_BYTES
        if upload.size > max_bytes:
            raise forms.ValidationError(
                _("The logo is too large: at most %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}
            )
        # ImageField has already opened the file with Pillow, so a renamed non-image never gets here;
        # the format and pixel checks keep out formats we do not show and decompression bombs.
        image = getattr(upload, "image", None)
        if image is None or image.format not in {"PNG", "JPEG", "WEBP", "GIF"}:
            raise forms.ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
        width, height = image.size
        if width * height > settings.ACCOUNTS_LOGO_MAX_PIXELS:
            raise forms.ValidationError(_("The logo has too many pixels: at most 4000 × 4000."))
        upload.seek(0)
        try:
            with PILImage.open(upload) as check:
                check.verify()
        except Exception as error:
            raise forms.ValidationError(_("Upload a PNG, JPEG, WebP or GIF image.")) from error
        upload.seek(0)
        return upload


class OfferForm(EntryForm):
    class Meta:
        model = Offer
        fields = ["title", "kind", "company", "summary", "description", "sectors", "cooperation_types", "valid_until"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the representative's own companies; an id of anyone else's fails validation like any bad choice.
        self.fields["company"].queryset = Company.objects.filter(submitted_by=user).order_by("name")
        self.fields["summary"].widget = forms.Textarea(attrs={"rows": 3})

    def clean_valid_until(self):
        valid_until = self.cleaned_data.get("valid_until")
        if valid_until is not None and valid_until <= timezone.localdate():
            raise forms.ValidationError(_("The offer must be valid until a day in the future."))
        if valid_until is not None and valid_until > timezone.localdate() + datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("An offer may be valid for at most three years."))
        return valid_until


class InterestForm(HoneypotFormMixin, forms.ModelForm):
    name = PlainTextField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254, validators=[validate_single_line])
    message = PlainTextField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    class Meta:
        model = Interest
        fields = ["name", "email", "message"]

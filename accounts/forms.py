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

from cms.abuse import HONEYPOT_FIELD, HoneypotFormMixin, PlainTextField, client_ip, current_hits, over_limit
from registry.models import Company, Offer, Sector

from .models import Interest

User = get_user_model()


class SignUpForm(HoneypotFormMixin, SetPasswordMixin, forms.Form):
    """A company representative's account: the e-mail address is the login."""

    email = forms.EmailField(label=_("E-mail"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean(self):
        cleaned = super().clean()
        self.instance = User(username=cleaned.get("email", ""), email=cleaned.get("email", ""))
        self.validate_passwords()
        self.validate_password_for_user(self.instance)
        return cleaned

    def save(self):
        # Inactive until the e-mail link is followed; never staff, never in a group: no way into /admin/.
        user = self.instance
        user.is_active = False
        user.is_staff = False
        user.set_password(self.cleaned_data["password1"])
        user.save()
        return user


class ThrottledLoginForm(HoneypotFormMixin, AuthenticationForm):
    """Django's login form, refusing to check passwords after too many failures for an address or a username."""

    username = forms.CharField(label=_("E-mail"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed login attempts. Try again in 15 minutes or reset your password."),
    }

    def _keys(self, username):
        ip = client_ip(self.request) if self.request else "unknown"
        return [f"login-failures:ip:{ip}", f"login-failures:user:{username.lower()}"]

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        self.cleaned_data["username"] = username
        limit, window = settings.ACCOUNTS_LOGIN_FAILURE_LIMIT
        keys = self._keys(username)
        if any(current_hits(key, window) >= limit for key in keys):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        if self.caught_by_honeypot:
            raise self.get_invalid_login_error()
        try:
            return super().clean()
        except forms.ValidationError:
            for key in keys:
                over_limit(key, limit, window)
            raise


class PasswordResetForm(HoneypotFormMixin, auth_forms.PasswordResetForm):
    def save(self, *args, **kwargs):
        if not self.caught_by_honeypot:
            super().save(*args, **kwargs)


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

    def locale(self):
        return self.instance.locale

    def clean_description(self):
        return text_to_html(self.cleaned_data.get("description"))


class CompanyForm(EntryForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
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
    message = PlainTextField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    class Meta:
        model = Interest
        fields = ["name", "email", "message"]
        labels = {"email": _("Your e-mail")}

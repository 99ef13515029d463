"""Forms of the account area: each sensitive change asks for the current password, counted by django-axes."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from cms.validators import validate_single_line

WRONG_PASSWORD = _("The password is not correct.")


def password_is_right(request, user, password):
    """Through authenticate(), so that a wrong password counts like a failed log-in and a locked account is refused."""
    authenticated = authenticate(request, username=user.get_username(), password=password)
    return authenticated is not None and authenticated.pk == user.pk


class CurrentPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.request.user, password):
            raise forms.ValidationError(WRONG_PASSWORD, code="password_incorrect")
        return password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the old password checked like a log-in."""

    error_messages = {**auth_forms.PasswordChangeForm.error_messages, "password_incorrect": WRONG_PASSWORD}

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class EmailChangeForm(CurrentPasswordForm):
    email = forms.EmailField(label=_("New e-mail address"), max_length=150, validators=[validate_single_line])

    field_order = ["email", "password"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email == (self.request.user.email or "").lower():
            raise forms.ValidationError(_("This is already your address."), code="same")
        return email


class CloseAccountForm(CurrentPasswordForm):
    pass

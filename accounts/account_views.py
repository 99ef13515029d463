"""The account area (/konto/, /en/account/): the account's home, password, e-mail, a copy of the data, closing."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import notifications
from .abuse import rate_limited
from .account_closing import close_account
from .account_data import export_json
from .account_forms import CloseAccountForm, EmailChangeForm, PasswordChangeForm
from .email_change import confirm_email_change, request_email_change


@login_required
@never_cache
def account_home(request):
    return TemplateResponse(request, "accounts/account_home.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (it keeps the session with update_session_auth_hash); the owner is told by e-mail."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request, *args, **kwargs):
        return rate_limited("password-change")(super().post)(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        if user.email:
            notifications.send(
                "accounts/email/password_changed_subject.txt",
                "accounts/email/password_changed_body.txt",
                {"reset_link": notifications.absolute(str(reverse_lazy("accounts:password_reset")))},
                [user.email],
            )
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@never_cache
@rate_limited("email-change")
def email_change(request):
    form = EmailChangeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        request_email_change(request.user, form.cleaned_data["email"])
        return redirect("accounts:email_change_sent")
    return TemplateResponse(request, "accounts/email_change.html", {"form": form})


@login_required
def email_change_sent(request):
    return TemplateResponse(request, "accounts/email_change_sent.html")


def email_change_confirm(request, token):
    user = confirm_email_change(token)
    if user is None:
        return TemplateResponse(request, "accounts/email_change_invalid.html", status=400)
    messages.success(request, _("Your e-mail address has been changed to %(email)s.") % {"email": user.email})
    return redirect("accounts:home" if request.user.is_authenticated else "accounts:login")


@login_required
@never_cache
def data_download(request):
    response = HttpResponse(export_json(request.user), content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@rate_limited("close-account")
def close(request):
    if request.user.is_staff or request.user.has_perm("wagtailadmin.access_admin"):
        # A staff account carries the editorial history: administrators close it in the admin.
        return TemplateResponse(request, "accounts/account_close.html", {"staff": True}, status=403)
    form = CloseAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        close_account(request.user)
        logout(request)
        return redirect("accounts:closed")
    return TemplateResponse(request, "accounts/account_close.html", {"form": form})


def closed(request):
    return TemplateResponse(request, "accounts/account_closed.html")

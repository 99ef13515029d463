"""Views of the participation forms: thin wrappers around the forms, the moderation and the e-mails."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from wagtail.models import Locale

from registry.models import Company, Offer

from . import notifications, signups
from .abuse import rate_limited
from .forms import (
    CompanyForm,
    InterestForm,
    LoginForm,
    OfferForm,
    PasswordResetForm,
    ResendConfirmationForm,
    SignUpForm,
)
from .submissions import entries_of, submit_entry


@rate_limited("signup")
def signup(request):
    """The same answer for every address: whether it has an account is said only in the e-mail sent to it."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.caught_by_honeypot:
            signups.request_signup(form.cleaned_data["email"], form.cleaned_data["password1"])
        return redirect("accounts:signup_done")
    return TemplateResponse(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return TemplateResponse(request, "accounts/signup_done.html")


@rate_limited("resend-confirmation")
def resend_confirmation(request):
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.caught_by_honeypot:
            signups.request_confirmation(form.cleaned_data["email"])
        return redirect("accounts:signup_done")
    return TemplateResponse(request, "accounts/resend_confirmation.html", {"form": form})


def confirm(request, token):
    pending = signups.pending_for_token(token)
    user = signups.confirm(pending) if pending is not None else None
    if user is None:
        return TemplateResponse(request, "accounts/confirm_invalid.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed. You can log in now."))
    return redirect("accounts:login")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("accounts:entries")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        return rate_limited("password-reset")(super().post)(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def my_entries(request):
    companies, offers = entries_of(request.user)
    return TemplateResponse(request, "accounts/my_entries.html", {"companies": companies, "offers": offers})


def _entry_form(request, form_class, entry, template, **form_kwargs):
    form = form_class(request.POST or None, request.FILES or None, instance=entry, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        if not form.caught_by_honeypot:
            submit_entry(form, request.user)
            messages.success(request, _("Thank you. Your entry has been sent to the editors for review."))
        return redirect("accounts:entries")
    return TemplateResponse(request, template, {"form": form, "entry": entry})


def _own(model, request, pk):
    """The latest version of the user's own entry; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(model, pk=pk, submitted_by=request.user).get_latest_revision_as_object()


@login_required
@rate_limited("entry")
def company_add(request):
    company = Company(locale=Locale.get_active())
    return _entry_form(request, CompanyForm, company, "accounts/company_form.html")


@login_required
@rate_limited("entry")
def company_edit(request, pk):
    return _entry_form(request, CompanyForm, _own(Company, request, pk), "accounts/company_form.html")


@login_required
@rate_limited("entry")
def offer_add(request):
    if not Company.objects.filter(submitted_by=request.user).exists():
        messages.info(request, _("Add your company first: every offer belongs to a company."))
        return redirect("accounts:company_add")
    offer = Offer(locale=Locale.get_active())
    return _entry_form(request, OfferForm, offer, "accounts/offer_form.html", user=request.user)


@login_required
@rate_limited("entry")
def offer_edit(request, pk):
    offer = _own(Offer, request, pk)
    return _entry_form(request, OfferForm, offer, "accounts/offer_form.html", user=request.user)


@rate_limited("interest")
def express_interest(request, pk):
    """A page of its own, so that the offer's page carries no CSRF token and stays in the page cache."""
    offer = get_object_or_404(Offer.objects.published().select_related("company"), pk=pk)
    form = InterestForm(request.POST or None)
    if request.method != "POST":
        return TemplateResponse(request, "accounts/interest_form.html", {"form": form, "offer": offer})
    if not form.is_valid():
        return TemplateResponse(request, "accounts/interest_form.html", {"form": form, "offer": offer}, status=400)
    if not form.caught_by_honeypot:
        interest = form.save(commit=False)
        interest.offer = offer
        interest.offer_title = offer.title
        interest.company_name = offer.company.name
        interest.save()
        if offer.company.email:
            notifications.send_interest(interest, offer)
    return TemplateResponse(request, "accounts/interest_sent.html", {"offer": offer})

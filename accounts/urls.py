"""Addresses of the participation forms, translated: /konto/... in Polish, /en/account/... in English."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import account_views, views

app_name = "accounts"
# The prefix under which cms/urls.py mounts these addresses (translated here, so makemessages finds it).
URL_PREFIX = _("account/")

urlpatterns = [
    path("", account_views.account_home, name="home"),
    path(_("password/"), account_views.PasswordChangeView.as_view(), name="password_change"),
    path(_("e-mail/"), account_views.email_change, name="email_change"),
    path(_("e-mail/sent/"), account_views.email_change_sent, name="email_change_sent"),
    path(_("e-mail/confirm/<str:token>/"), account_views.email_change_confirm, name="email_change_confirm"),
    path(_("my-data/"), account_views.data_download, name="data_download"),
    path(_("close/"), account_views.close, name="close"),
    path(_("closed/"), account_views.closed, name="closed"),
    path(_("sign-up/"), views.signup, name="signup"),
    path(_("sign-up/sent/"), views.signup_done, name="signup_done"),
    path(_("confirm/resend/"), views.resend_confirmation, name="resend_confirmation"),
    path(_("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("log-in/"), views.LoginView.as_view(), name="login"),
    path(_("log-out/"), views.LogoutView.as_view(), name="logout"),
    path(_("password-reset/"), views.PasswordResetView.as_view(), name="password_reset"),
    path(
        _("password-reset/sent/"),
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        _("password-reset/<uidb64>/<token>/"),
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("password-reset/done/"),
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(_("my-entries/"), views.my_entries, name="entries"),
    path(_("company/add/"), views.company_add, name="company_add"),
    path(_("company/<int:pk>/edit/"), views.company_edit, name="company_edit"),
    path(_("offer/add/"), views.offer_add, name="offer_add"),
    path(_("offer/<int:pk>/edit/"), views.offer_edit, name="offer_edit"),
    path(_("offer/<int:pk>/interest/"), views.express_interest, name="interest"),
]

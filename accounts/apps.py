from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Accounts")

    def ready(self):
        from . import notifications  # noqa: F401  (connects the moderation e-mails)
        from .permissions import grant_view_permissions

        post_migrate.connect(grant_view_permissions, sender=self)

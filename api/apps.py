from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Headless API")

    def ready(self):
        from .webhooks import connect_signals

        connect_signals()

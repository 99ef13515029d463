from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Home")

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()

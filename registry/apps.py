from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Registry")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers(self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Registry")

    def ready(self):
        from .permissions import grant_group_permissions

        post_migrate.connect(grant_group_permissions, sender=self)

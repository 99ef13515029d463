from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The platform under the content apps: caching, page plumbing, SEO and operations."""

    name = "cms"
    verbose_name = _("Platform")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

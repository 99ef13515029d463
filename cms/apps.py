from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The platform under the content apps: caching, page plumbing, SEO and operations."""

    name = "cms"
    verbose_name = _("Platform")

    def ready(self):
        from .admin_language import translate_admin_labels_per_request
        from .signal_handlers import register_signal_handlers
        from .translation_editor import localize_comment_dates

        register_signal_handlers()
        translate_admin_labels_per_request()
        localize_comment_dates()

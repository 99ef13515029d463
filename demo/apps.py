from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and synthetic content (`manage.py load_demo`): installed by the dev and test settings only."""

    name = "demo"
    verbose_name = _("Demo content")

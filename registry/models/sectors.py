"""The shared sector taxonomy of clusters, companies and offers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from cms.validators import validate_single_line


class Sector(TranslatableMixin, models.Model):
    """An economic sector, shared by clusters, companies and offers."""

    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    # Sectors have no revisions: this is what the API's `updated_since` compares with.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_sector_slug_per_locale")]

    def __str__(self):
        return self.name

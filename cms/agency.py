"""The agency's brand and contacts, edited under Settings → Agency: one place for its name (in each
language), logo, icons, address, identifiers, social links and funding marks."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock

from .validators import validate_single_line


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("name of the service"), max_length=60, help_text=_("E.g. Facebook, LinkedIn."))
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("social link")


class FundingMarkBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_pl = blocks.CharBlock(label=_("alternative text (Polish)"), max_length=250)
    alt_en = blocks.CharBlock(label=_("alternative text (English)"), max_length=250)
    url = blocks.URLBlock(label=_("link"), required=False)

    class Meta:
        icon = "image"
        label = _("funding mark")


# The two languages of the site, as two fields each: an English reader gets the English name
# without a translation workflow for a handful of words that change once in years.
def _name_field(label, **kwargs):
    return models.CharField(label, max_length=200, blank=True, validators=[validate_single_line], **kwargs)


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    name_pl = _name_field(_("name (Polish)"), help_text=_("Used in the header, titles, footer and consent texts."))
    name_en = _name_field(_("name (English)"))
    short_name_pl = _name_field(_("short name (Polish)"), help_text=_("E.g. the acronym; used on app icons."))
    short_name_en = _name_field(_("short name (English)"))
    description_pl = models.TextField(
        _("description (Polish)"),
        blank=True,
        help_text=_("The search engines' description of a page that has none of its own."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the name in the header; without it the site's default logo is shown."),
    )
    icon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("icon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square image, at least 180 × 180 pixels: the browser tab icon and the phone's app icon."),
    )
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("Street, postal code and city, one per line.")
    )
    phone = _name_field(_("phone"))
    email = models.EmailField(_("e-mail address"), blank=True)
    nip = models.CharField(
        "NIP", max_length=10, blank=True, validators=[RegexValidator(r"^\d{10}$", _("NIP must have 10 digits."))]
    )
    regon = models.CharField(
        "REGON",
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^(\d{9}|\d{14})$", _("REGON must have 9 or 14 digits."))],
    )
    krs = models.CharField(
        "KRS", max_length=10, blank=True, validators=[RegexValidator(r"^\d{10}$", _("KRS number must have 10 digits."))]
    )
    social_links = StreamField([("link", SocialLinkBlock())], verbose_name=_("social links"), blank=True)
    funding_marks = StreamField(
        [("mark", FundingMarkBlock())],
        verbose_name=_("funding marks"),
        blank=True,
        help_text=_("The marks of the funds the agency's projects receive, shown at the foot of every page."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_pl"), FieldPanel("name_en"), FieldPanel("short_name_pl"), FieldPanel("short_name_en")],
            heading=_("Name"),
        ),
        MultiFieldPanel([FieldPanel("description_pl"), FieldPanel("description_en")], heading=_("Description")),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("icon")], heading=_("Logo and icon")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact details")
        ),
        MultiFieldPanel([FieldPanel("nip"), FieldPanel("regon"), FieldPanel("krs")], heading=_("Identifiers")),
        FieldPanel("social_links"),
        FieldPanel("funding_marks"),
    ]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agency")

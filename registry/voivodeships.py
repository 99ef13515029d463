"""The 16 Polish voivodeships, shared by companies and clusters."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Voivodeship(models.TextChoices):
    # Values are the official Polish names without diacritics: stable in URLs and the API.
    DOLNOSLASKIE = "dolnoslaskie", _("Lower Silesian")
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", _("Kuyavian-Pomeranian")
    LUBELSKIE = "lubelskie", _("Lublin")
    LUBUSKIE = "lubuskie", _("Lubusz")
    LODZKIE = "lodzkie", _("Łódź")
    MALOPOLSKIE = "malopolskie", _("Lesser Poland")
    MAZOWIECKIE = "mazowieckie", _("Masovian")
    OPOLSKIE = "opolskie", _("Opole")
    PODKARPACKIE = "podkarpackie", _("Subcarpathian")
    PODLASKIE = "podlaskie", _("Podlaskie")
    POMORSKIE = "pomorskie", _("Pomeranian")
    SLASKIE = "slaskie", _("Silesian")
    SWIETOKRZYSKIE = "swietokrzyskie", _("Holy Cross")
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", _("Warmian-Masurian")
    WIELKOPOLSKIE = "wielkopolskie", _("Greater Poland")
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", _("West Pomeranian")

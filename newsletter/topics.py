"""The newsletter's topics; each is a boolean field on Subscriber named by its value."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    NEWS = "news", _("News")
    OFFERS = "offers", _("Cooperation offers and services")
    CLUSTERS = "clusters", _("Clusters")

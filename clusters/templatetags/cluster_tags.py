"""Template tags for showing the cluster map outside the clusters section (the home page teaser)."""

from django import template
from django.utils.translation import get_language

from clusters.map import ClusterMap
from clusters.models import ClusterPage

register = template.Library()


@register.simple_tag
def shaded_cluster_map():
    """The map of the public clusters in the reader's language, shaded by voivodeship, without points or links."""
    return ClusterMap(counts=ClusterPage.objects.published(get_language()).counts_by_voivodeship())

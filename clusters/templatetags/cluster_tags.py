"""Template tags for showing the cluster map outside the clusters section (the home page teaser)."""

from django import template

from clusters.map import ClusterMap
from clusters.models import ClusterPage

register = template.Library()


@register.simple_tag
def shaded_cluster_map(index_page):
    """The map of the public clusters below `index_page`, shaded by voivodeship, without points or links."""
    counts = ClusterPage.objects.published(index_page.locale).child_of(index_page).counts_by_voivodeship()
    return ClusterMap(counts=counts)

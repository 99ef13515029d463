"""Images shown with the items of a page, read with the items instead of one query per image."""

from django.db.models import Prefetch

from wagtail.images import get_image_model
from wagtail.images.models import Filter


def with_renditions(queryset, field, *specs):
    """`queryset` with the image in `field` and its renditions of these sizes: one more query in all.

    Wagtail's `{% image %}` and `get_rendition()` then find the rendition among the prefetched
    ones; a size not listed here costs a query per image. A spec may be a `{% srcset_image %}` pattern
    such as "width-{800,400}|format-webp", which stands for each of its renditions.
    """
    expanded = [each for spec in specs for each in Filter.expand_spec(spec)]
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=expanded)
    return queryset.select_related(field).prefetch_related(
        Prefetch(f"{field}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )

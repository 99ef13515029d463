"""Admin wiring for clusters: every cluster in one list, in the editor's language unless they choose another."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.admin_lists import EditorLanguagePageFilterSet

from .models import ClusterPage


class ClusterListingViewSet(PageListingViewSet):
    model = ClusterPage
    icon = "group"
    menu_label = _("Clusters")
    menu_order = 160
    add_to_admin_menu = True
    filterset_class = EditorLanguagePageFilterSet


@hooks.register("register_admin_viewset")
def register_cluster_listing():
    return ClusterListingViewSet("cluster_pages")

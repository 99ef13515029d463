"""The leads in the admin: a read-only listing for the editors."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Interest


class InterestViewSet(ModelViewSet):
    model = Interest
    icon = "mail"
    menu_label = _("Expressions of interest")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["offer_title", "company_name", "name", "email", "created_at"]
    search_fields = ["offer_title", "company_name", "name", "email", "message"]
    inspect_view_enabled = True
    form_fields = ["name", "email", "message"]
    # Editors hold only the "view" permission: no add, edit or delete buttons appear.


@hooks.register("register_admin_viewset")
def register_interest_viewset():
    return InterestViewSet("interests")

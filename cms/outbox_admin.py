"""The record of outgoing e-mail in the admin (Settings → Outgoing e-mail): read-only, for staff."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import OutgoingMail
from .permissions import ReadOnlyPermissionPolicy


class OutgoingMailViewSet(ModelViewSet):
    model = OutgoingMail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []  # never shown: the permission policy allows no add or edit
    list_display = ["created_at", "kind", "recipients", "subject", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["recipients", "subject"]
    inspect_view_fields = [
        "kind",
        "recipients",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]


register_permission_policy(OutgoingMail, ReadOnlyPermissionPolicy(OutgoingMail))


@hooks.register("register_admin_viewset")
def register_outgoing_mail_viewset():
    return OutgoingMailViewSet("outgoing_mail")

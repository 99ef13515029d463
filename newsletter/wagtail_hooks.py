"""Subscribers and their consents in the admin, for those granted the newsletter permissions only."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Subscriber


class SubscriberViewSet(ModelViewSet):
    # Personal data: reachable only with the subscriber model's permissions (superusers by default),
    # so that an editor can answer a RODO request (show, correct or erase an address).
    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["email", "language", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "news", "offers", "clusters"]
    search_fields = ["email"]
    search_backend_name = None
    list_export = []
    inspect_view_enabled = True
    form_fields = ["email", "language", "news", "offers", "clusters", "confirmed_at", "unsubscribed_at"]


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")

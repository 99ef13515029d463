"""The Newsletter menu of the admin: digests (Editors and Moderators), subscribers and their consents
(those granted the subscriber permissions only)."""

from functools import cached_property

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import digest_views
from .models import Subscriber


class SubscriberViewSet(ModelViewSet):
    # Personal data: reachable only with the subscriber model's permissions (superusers by default),
    # so that an editor can answer a RODO request (show, correct or erase an address).
    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    list_display = ["email", "language", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "news", "offers", "clusters"]
    search_fields = ["email"]
    search_backend_name = None
    list_export = []
    inspect_view_enabled = True
    form_fields = ["email", "language", "news", "offers", "clusters", "confirmed_at", "unsubscribed_at"]


class DigestMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(digest_views.SEND_PERMISSION)


class DigestViewSet(ViewSet):
    icon = "mail"
    menu_label = _("Digests")

    @cached_property
    def menu_item_class(self):
        return DigestMenuItem

    def get_urlpatterns(self):
        return [
            path("", digest_views.DigestIndexView.as_view(), name="index"),
            path("preview/", digest_views.DigestPreviewView.as_view(), name="preview"),
            path("preview/html/", digest_views.digest_html, name="preview_html"),
            path("send/", digest_views.SendDigestView.as_view(), name="send"),
            path("<int:pk>/", digest_views.DigestDetailView.as_view(), name="detail"),
            path("<int:pk>/resume/", digest_views.ResumeDigestView.as_view(), name="resume"),
        ]


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 260
    items = (DigestViewSet("newsletter_digests"), SubscriberViewSet("newsletter_subscribers"))


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterGroup()
